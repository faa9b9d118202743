import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// What a type change's hazard claims, held against what PostgreSQL does on a populated table:
/// the table's and its index's filenodes (rewritten or not), the stored bytes (issue 24 items 3,
/// 5, 6). The timestamp <-> timestamptz conversions are pinned elsewhere (session settings).
@Suite(.requiresDatabase, .serialized) struct TypeChangeClaimTests {
    struct Conversion: Sendable, CustomStringConvertible {
        var from: String
        var to: String
        var value: String
        var rewrites: Bool
        /// A phrase the hazard must carry, if any.
        var claim: String? = nil
        /// A query over `app.t` whose answer after the change is `after`.
        var check: (query: String, after: String)? = nil
        var description: String { "\(from) -> \(to)" }
    }

    static let conversions: [Conversion] = [
        Conversion(from: "cidr", to: "inet", value: "'10.0.0.0/8'", rewrites: false),
        Conversion(from: "timestamp(3)", to: "timestamp(6)", value: "'2024-03-10 02:30:00.123'", rewrites: false),
        Conversion(from: "timestamp(3)", to: "timestamp", value: "'2024-03-10 02:30:00.123'", rewrites: false),
        Conversion(from: "timestamptz(3)", to: "timestamptz(6)", value: "'2024-03-10 02:30:00.123+00'", rewrites: false),
        Conversion(from: "time(3)", to: "time(6)", value: "'02:30:00.123'", rewrites: false),
        Conversion(from: "interval(3)", to: "interval", value: "'1 day 00:00:00.5'", rewrites: false),
        Conversion(from: "varbit(5)", to: "varbit(8)", value: "B'101'", rewrites: false),
        Conversion(from: "varchar(5)", to: "varchar(10)", value: "'ab'", rewrites: false),
        Conversion(from: "varchar(5)", to: "text", value: "'ab'", rewrites: false),
        Conversion(from: "numeric(5,2)", to: "numeric(7,2)", value: "1.5", rewrites: false),
        Conversion(from: "integer", to: "bigint", value: "1", rewrites: true),
        // Arrays are coerced element by element: rewritten even where the scalar is not.
        Conversion(from: "varchar(5)[]", to: "varchar(10)[]", value: "ARRAY['ab']", rewrites: true),
        Conversion(from: "timestamp(3)[]", to: "timestamp(6)[]", value: "ARRAY[now()]", rewrites: true),
        Conversion(from: "timestamp(6)", to: "timestamp(3)", value: "'2024-03-10 02:30:00.123456'", rewrites: true),
        Conversion(
            from: "varchar(10)", to: "varchar(5)", value: "'ab        '", rewrites: true,
            claim: "except those too long only by trailing spaces, which are cut to 5 silently",
            check: ("SELECT octet_length(c) FROM app.t", "5")),
        Conversion(
            from: "char(5)", to: "varchar(5)", value: "'ab'", rewrites: true,
            claim: "lose their trailing spaces (the padding)", check: ("SELECT octet_length(c) FROM app.t", "2")),
        Conversion(
            from: "json", to: "jsonb", value: "'{\"dup\": 1, \"dup\": 2}'", rewrites: true,
            claim: "duplicate object keys collapse to the last one",
            check: ("SELECT c::text FROM app.t", "{\"dup\": 2}")),
    ]

    static func schema(_ type: String) -> String {
        """
        schema:
          name: app
        tables:
          t:
            columns:
              id: { type: integer, primary_key: true }
              c: { type: "\(type)" }
            indexes:
              - { name: ix_t_c, columns: [c], concurrently: false }

        """
    }

    @Test(arguments: conversions) func theHazardSaysWhatPostgreSQLDoes(_ conversion: Conversion) throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.schema(conversion.from), message: "init")
        // json has no btree opclass: that case goes without the index.
        if conversion.from == "json" {
            bundle.remove()
            bundle = try TestBundle()
            let plain = Self.schema(conversion.from).replacingOccurrences(of: "    indexes:\n      - { name: ix_t_c, columns: [c], concurrently: false }\n", with: "")
            try bundle.compile(plain, message: "init")
            try bundle.compile(plain.replacingOccurrences(of: "\"json\"", with: "\"jsonb\""), message: "change")
        } else {
            try bundle.compile(Self.schema(conversion.to), message: "change")
        }
        let up = try String(contentsOf: bundle.directory.appendingPathComponent(bundle.chain[1].up.file), encoding: .utf8)
        let hazards = up.split(separator: "\n").filter { $0.hasPrefix("--   - change the type") }.joined(separator: "\n")
        #expect(hazards.contains("rewrites app.t") == conversion.rewrites, "\(hazards)")
        if let claim = conversion.claim { #expect(hazards.contains(claim), "\(hazards)") }
        try TestDatabase.with { database in
            try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO app.t VALUES (1, \(conversion.value))")
            let filenodes = """
                SELECT pg_relation_filenode('app.t'), coalesce(pg_relation_filenode(to_regclass('app.ix_t_c')), 0)
                """
            let before = try connection.query(filenodes)
            try apply(bundle, to: .head, on: database)
            let after = try connection.query(filenodes)
            #expect((before != after) == conversion.rewrites, "filenodes \(before) then \(after)")
            if let check = conversion.check {
                #expect(try connection.query(check.query) == [[check.after]])
            }
        }
    }

    /// json to jsonb (and text to jsonb) change the stored values: compile refuses them without
    /// --allow-destructive and lists what changes.
    @Test(arguments: ["json", "text"]) func jsonbConversionIsRefusedWithoutAllowDestructive(_ from: String) throws {
        let v1 = Self.schema(from).replacingOccurrences(of: "    indexes:\n      - { name: ix_t_c, columns: [c], concurrently: false }\n", with: "")
        var v2 = v1.replacingOccurrences(of: "\"\(from)\"", with: "\"jsonb\"")
        if from == "text" { v2 = v2.replacingOccurrences(of: "c: { type: \"jsonb\" }", with: "c: { type: \"jsonb\", using: \"c::jsonb\" }") }
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(v1, message: "init")
        let head = try #require(bundle.bundle?.head)
        let request = CompileRequest(
            files: [SourceFile(path: "schema.yaml", contents: Array(v2.utf8))],
            parent: ParentRevision(id: head.id, snapshot: try #require(bundle.bundle).snapshot(of: head)),
            revisionID: "0002_jsonb", message: "jsonb", allowDestructive: false, empty: false)
        let (outcome, diagnostics) = compileRevision(request)
        guard case .failed = outcome, let refusal = diagnostics.first(where: { $0.message.contains("would lose data") })
        else {
            Issue.record("expected a refusal, got \(outcome) \(diagnostics)")
            return
        }
        #expect(
            refusal.notes.contains {
                $0.message.contains("to jsonb changes the stored values: duplicate object keys collapse")
                    && $0.message.contains("the down script cannot restore")
            }, "\(refusal)")
    }
}
