import Foundation
import StrataTestSupport

@testable import StrataApply

/// The schemas of the compatibility suite: a vector chain pgvector 0.6.2 accepts (hnsw, ivfflat,
/// no halfvec), and the same tables without vector for PostgreSQL 15. Two revisions each: a
/// create, then online changes on existing tables (concurrent index builds, a validated check,
/// a new column with a default).
enum CompatibilitySchemas {
    /// `schema:` block declaring the oldest versions the chain must run on.
    static func settings(withVector: Bool) -> String {
        withVector
            ? """
            schema:
              name: compat
              postgres: 16
              extensions:
                - { name: vector, schema: public, version: "0.6.2" }

            """
            : """
            schema:
              name: compat
              postgres: 15

            """
    }

    static func tables(withVector: Bool, second: Bool) -> String {
        var text = """
            enums:
              item_kind: [note, link]
            sequences:
              items_ticket_seq: { as: bigint, start: 100 }
            tables:
              owners:
                columns:
                  id: { type: bigint, identity: always, primary_key: true }
                  email: { type: text, nullable: false }

            """
        if second { text += "      name: text\n" }
        text += """
                unique:
                  - { columns: [email], nulls_not_distinct: true }
              items:
                comment: Things to embed
                columns:
                  id: { type: uuid, primary_key: true, default: gen_random_uuid() }
                  owner_id: { type: bigint, references: owners.id, on_delete: cascade }
                  kind: { type: item_kind, nullable: false, default: "'note'" }
                  body: { type: text, nullable: false }
                  search: { type: tsvector, generated: "to_tsvector('simple', body)" }
                  tags: { type: "text[]", nullable: false, default: "'{}'" }
                  created_at: { type: timestamptz, nullable: false, default: now() }

            """
        if withVector { text += "      embedding: vector(3)\n" }
        if second { text += "      score: { type: double precision, nullable: false, default: 0 }\n      title: text\n" }
        text += """
                checks:
                  - { name: ck_items_body, expression: "length(body) > 0" }

            """
        if second { text += "      - { name: ck_items_score, expression: \"score >= 0\" }\n" }
        text += """
                indexes:
                  - { name: ix_items_search, columns: [search], method: gin }
                  - { name: ix_items_owner_kind, columns: [owner_id, kind], unique: true, nulls_not_distinct: true, where: "kind = 'link'" }
                  - { name: ix_items_lower, expression: "lower(body)" }

            """
        if withVector {
            text += """
                      - { name: ix_items_embedding, columns: [embedding], method: hnsw, opclass: vector_cosine_ops, with: { m: 16, ef_construction: 64 } }
                      - { name: ix_items_embedding_l2, columns: [embedding], method: ivfflat, opclass: vector_l2_ops, with: { lists: 10 } }

                """
        }
        if second {
            text += """
                      - { name: ix_items_created, columns: [created_at] }
                      - { name: ix_items_title, columns: [title], unique: true }

                """
        }
        return text
    }

    /// Compiles the two revisions with the strata binary into a scratch `out/`; returns it.
    static func compile(withVector: Bool, strata: URL) throws -> URL {
        let root = try Scratch.directory("compat")
        let schema = root.appendingPathComponent("schema")
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: schema.appendingPathComponent("tables"), withIntermediateDirectories: true)
        try settings(withVector: withVector).write(to: schema.appendingPathComponent("app.yaml"), atomically: true, encoding: .utf8)
        for (second, message) in [(false, "init"), (true, "add score")] {
            try tables(withVector: withVector, second: second)
                .write(to: schema.appendingPathComponent("tables/items.yaml"), atomically: true, encoding: .utf8)
            let compiled = try ProcessCapture.run(strata, ["compile", schema.path, "-o", out.path, "-m", message])
            guard compiled.status == 0 else { throw TestBundle.CompileFailed(description: compiled.stderr) }
        }
        return out
    }
}

/// A fresh database on an older test server, dropped afterwards.
struct OlderDatabase {
    let server: OlderTestServer
    let url: String

    static func with<R>(_ server: OlderTestServer, _ body: (OlderDatabase) throws -> R) throws -> R {
        let serverURL = try server.requireURL()
        let name = "strata_compat_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let admin = try Connection(settings: ConnectionSettings(url: serverURL))
        _ = try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        return try body(OlderDatabase(server: server, url: TestServer.url(serverURL, database: name)))
    }

    func connect() throws -> Connection { try Connection(settings: ConnectionSettings(url: url)) }

    /// Runs the release script `file` with this server's own psql.
    func psql(file: URL) throws -> ProcessCapture.Result {
        try ProcessCapture.run(
            URL(fileURLWithPath: "/usr/bin/env"), [server.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file.path])
    }
}
