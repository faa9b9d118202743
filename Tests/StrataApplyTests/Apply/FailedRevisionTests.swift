import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// A revision whose body fails leaves the database exactly at the previous revision: no index or
/// constraint of it missing (issue 24 item 1). Nothing the body can strand runs before it.
@Suite(.requiresDatabase, .serialized) struct FailedRevisionTests {
    static func schema(labels: String, indexes: String, extra: String = "") -> String {
        """
        schema:
          name: app
        enums:
          mood: [\(labels)]
        tables:
          m:
            columns:
              id: { type: integer, primary_key: true }
              n: { type: integer, nullable: false }
              m: { type: mood, nullable: false, default: "'happy'" }
        \(extra)
            indexes:
        \(indexes)
        """
    }

    static let partialUnique = "      - { name: uq_m_part, columns: [n], unique: true, where: \"m = 'happy'\" }"

    /// Indexes, constraints and sequences of schema `app`, one line each.
    static let catalogQuery = """
        SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'app'
        UNION ALL
        SELECT 'constraint ' || co.conrelid::regclass || ' ' || co.conname || ' valid ' || co.convalidated || ' '
                || pg_get_constraintdef(co.oid)
            FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = 'app'
        UNION ALL
        SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'app'
        UNION ALL
        SELECT 'column ' || attrelid::regclass || '.' || attname || ' ' || format_type(atttypid, atttypmod)
                || ' default ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' identity ' || attidentity::text
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'app' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1
        """

    static func catalog(_ connection: borrowing Connection) throws -> [String] {
        try connection.query(catalogQuery).map { $0[0] ?? "" }
    }

    static func revisions(_ connection: borrowing Connection) throws -> [String] {
        try connection.query("SELECT revision FROM app.strata_version ORDER BY revision").map { $0[0] ?? "" }
    }

    /// The case: removing an enum label that a row still holds fails the type swap; the
    /// partial unique index over the column is still there and still enforces uniqueness, and
    /// `drift` is clean at the previous revision. Once the row is fixed the revision goes through
    /// and the index is back, valid.
    @Test func aFailedEnumSwapKeepsThePartialUniqueIndex() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.schema(labels: "happy, sad, obsolete", indexes: Self.partialUnique), message: "init")
        try bundle.compile(
            Self.schema(labels: "happy, sad", indexes: Self.partialUnique), message: "drop obsolete", lint: false)
        let upText = try String(contentsOf: bundle.directory.appendingPathComponent(bundle.chain[1].up.file), encoding: .utf8)
        #expect(!upText.contains("CONCURRENTLY"), "\(upText)")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO app.m VALUES (1, 1, 'happy'), (2, 2, 'obsolete')")
            let before = try Self.catalog(connection)
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .head, on: database) }
            #expect(try Self.catalog(connection) == before)
            #expect(try Self.revisions(connection) == [bundle.chain[0].id])
            let drift = try DriftReport.check(bundle.context(), position: 1, on: connection)
            #expect(drift.lines == [], "\(drift.lines)")
            #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO app.m VALUES (3, 1, 'happy')") }

            _ = try connection.execute("UPDATE app.m SET m = 'sad' WHERE id = 2")
            try apply(bundle, to: .head, on: database)
            #expect(
                try connection.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.uq_m_part'::regclass") == [["t"]])
            #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO app.m VALUES (3, 1, 'happy')") }
        }
    }

    /// The down script of a revision that added a label and an index using it: a row holding the
    /// label fails the down's type swap, and the revision is still whole, its index included.
    @Test func aFailedDownKeepsTheRevisionsIndexes() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.schema(labels: "happy, sad", indexes: Self.partialUnique), message: "init")
        try bundle.compile(
            Self.schema(
                labels: "happy, sad, meh",
                indexes: Self.partialUnique + "\n      - { name: ix_meh, columns: [n], where: \"m = 'meh'\" }"),
            message: "meh")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO app.m VALUES (1, 1, 'happy'), (2, 2, 'meh')")
            let before = try Self.catalog(connection)
            #expect(before.contains { $0.hasPrefix("index ix_meh ") })
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .back(1), on: database) }
            #expect(try Self.catalog(connection) == before)
            #expect(try Self.revisions(connection) == bundle.chain.map(\.id))
            let drift = try DriftReport.check(bundle.context(), position: 2, on: connection)
            #expect(drift.lines == [], "\(drift.lines)")
        }
    }

    /// A revision touching a populated table every way the differ knows (an enum swap under
    /// dependent indexes and a check, a changed, a dropped and a new index, a dropped unique
    /// constraint, a type change that rewrites, identities added, a foreign key, NOT NULL) is
    /// made to fail at each DDL statement in turn (an event trigger counts them): while the
    /// failure falls in the body, nothing of the previous revision is missing, and the rows are
    /// the same.
    @Test func aFailureAtEveryBodyStatementLeavesThePreviousRevision() throws {
        let v1 = """
            schema:
              name: app
            enums:
              mood: [happy, sad, obsolete]
            tables:
              p:
                columns:
                  id: { type: integer, primary_key: true }
              m:
                columns:
                  id: { type: integer, primary_key: true }
                  n: { type: integer, nullable: false }
                  m: { type: mood, nullable: false, default: "'happy'" }
                  code: { type: varchar(10), unique: true }
                  qty: { type: integer }
                  p_id: { type: integer }
                  s: { type: serial }
                checks:
                  - { name: ck_m_mood, expression: "m <> 'sad' OR n > 0" }
                indexes:
                  - { name: uq_m_part, columns: [n], unique: true, where: "m = 'happy'" }
                  - { name: ix_m_qty, columns: [qty] }
                  - { name: ix_m_code, columns: [code] }
              a:
                columns:
                  id: { type: integer, primary_key: true }
                  c: { type: integer }
                indexes:
                  - { name: ix_a_c, columns: [c] }
            """
        let v2 = """
            schema:
              name: app
            enums:
              mood: [happy, sad]
            tables:
              p:
                columns:
                  id: { type: integer, primary_key: true }
              m:
                columns:
                  id: { type: integer, primary_key: true }
                  n: { type: integer, nullable: false }
                  m: { type: mood, nullable: false, default: "'sad'" }
                  code: { type: varchar(20) }
                  qty: { type: bigint, nullable: false }
                  p_id: { type: integer, references: p.id }
                  s: { type: integer, identity: by_default }
                checks:
                  - { name: ck_m_mood, expression: "m <> 'sad' OR n > 0" }
                indexes:
                  - { name: uq_m_part, columns: [n], unique: true, where: "m = 'happy'" }
                  - { name: ix_m_qty, columns: [qty, n] }
                  - { name: ix_m_n, columns: [n] }
              a:
                columns:
                  id: { type: integer, primary_key: true, identity: by_default }
                  c: { type: integer }
            """
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(v1, message: "init")
        try bundle.compile(v2, message: "everything", lint: false)
        let rows = """
            INSERT INTO app.p VALUES (1);
            INSERT INTO app.m (id, n, m, code, qty, p_id) VALUES (1, 1, 'happy', 'a', 1, 1), (2, 2, 'sad', 'b', 2, 1);
            INSERT INTO app.a VALUES (1, 1), (7, 2);
            """
        var failures = 0
        for point in 1...200 {
            let reachedSuffix = try TestDatabase.with { database -> Bool in
                try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
                let connection = try database.connect()
                _ = try connection.execute(rows)
                let before = try Self.catalog(connection)
                let data = try connection.query("SELECT * FROM app.m ORDER BY id")
                _ = try connection.execute(
                    """
                    CREATE SEQUENCE public.strata_ddl_count;
                    CREATE FUNCTION public.strata_fail() RETURNS event_trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('public.strata_ddl_count') = \(point) THEN RAISE EXCEPTION 'injected failure'; END IF;
                    END $$;
                    CREATE EVENT TRIGGER strata_fail ON ddl_command_start EXECUTE FUNCTION public.strata_fail();
                    """)
                do {
                    try apply(bundle, to: .head, on: database)
                    return true  // every DDL statement ran before the count reached `point`
                } catch let failure as ApplyFailure {
                    _ = try connection.execute("DROP EVENT TRIGGER strata_fail")
                    let applied = try Self.revisions(connection)
                    if applied.count > 1 { return true }  // the body committed: a suffix step failed
                    failures += 1
                    #expect(failure.description.contains("injected failure"), "\(failure.description)")
                    #expect(try Self.catalog(connection) == before, "after a failure at DDL statement \(point)")
                    #expect(try connection.query("SELECT * FROM app.m ORDER BY id") == data)
                    return false
                }
            }
            if reachedSuffix { break }
        }
        // The body has at least the swap, its index drops and builds, the type changes and identities.
        #expect(failures >= 10)
    }
}
