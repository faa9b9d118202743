import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// The online patterns against the real server: the same catalog as plain DDL, and a resume from
/// an interruption at every suffix step reaching it too.
@Suite(.requiresDatabase, .serialized) struct OnlineDDLTests {
    /// v1 then v2, online or plain; the bundle is removed by the caller.
    static func bundle(online: Bool) throws -> TestBundle {
        var bundle = try TestBundle()
        try bundle.compile(OnlineSchemas.v1(online: online), message: "items")
        try bundle.compile(OnlineSchemas.v2(online: online), message: "constrain items")
        return bundle
    }

    /// Applies v1, loads the rows, applies v2 (`prepare` runs before v2); returns the catalog.
    static func catalog(
        _ bundle: TestBundle, prepare: (TestDatabase) throws -> Void = { _ in }
    ) throws -> [String] {
        try TestDatabase.with { database in
            try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
            _ = try database.connect().execute(OnlineSchemas.rows)
            try prepare(database)
            try apply(bundle, to: .head, on: database)
            return try database.connect().query(OnlineSchemas.catalogQuery).map { $0[0] ?? "" }
        }
    }

    /// The suffix statements of `bundle`'s second up script, as the splitter gives them.
    static func suffixStatements(_ bundle: TestBundle) throws -> [String] {
        let text = try String(contentsOf: bundle.directory.appendingPathComponent(bundle.chain[1].up.file), encoding: .utf8)
        let events = try StatementSplitter.split(text)
        let shape = ScriptShape(events)
        var result: [String] = []
        var number = 0
        for case .statement(let statement) in events {
            number += 1
            if shape.phase(ofStatement: number) == .suffix { result.append(statement.text) }
        }
        return result
    }

    @Test func everyPatternReachesTheCatalogOfPlainDDL() throws {
        let online = try Self.bundle(online: true)
        defer { online.remove() }
        let plain = try Self.bundle(online: false)
        defer { plain.remove() }
        let suffix = try Self.suffixStatements(online)
        // The online script really takes each pattern, and the plain one none.
        let upText = try String(contentsOf: online.directory.appendingPathComponent(online.chain[1].up.file), encoding: .utf8)
        for expected in [
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_pkey", "ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey",
            "ADD CONSTRAINT uq_items_code UNIQUE USING INDEX uq_items_code", "VALIDATE CONSTRAINT ck_items_qty",
            "VALIDATE CONSTRAINT fk_items_thread", "VALIDATE CONSTRAINT items_thread_id_not_null_check",
            "ALTER INDEX IF EXISTS negentropy.ix_items_note_strata_new RENAME TO ix_items_note",
            "DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_items_qty", "DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_items_note",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_items_embedding", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_items_thread_code",
            "ADD CONSTRAINT ck_items_qty CHECK (qty >= 0) NOT VALID", "NOT VALID",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_items_key_strata_new",
            "DROP CONSTRAINT IF EXISTS uq_items_key, ADD CONSTRAINT uq_items_key UNIQUE USING INDEX uq_items_key_strata_new",
        ] {
            #expect(upText.contains(expected), "missing: \(expected)")
        }
        #expect(suffix.count >= 10)
        let plainText = try String(contentsOf: plain.directory.appendingPathComponent(plain.chain[1].up.file), encoding: .utf8)
        #expect(!plainText.contains("CONCURRENTLY") && !plainText.contains("NOT VALID"))

        let expected = try Self.catalog(plain)
        #expect(try Self.catalog(online) == expected)
        #expect(expected.contains { $0.hasPrefix("column negentropy.items.thread_id not null true") })
        #expect(expected.contains { $0.contains("uq_items_code u valid true UNIQUE (code)") })
        #expect(expected.contains { $0.contains("uq_items_key u valid true UNIQUE (id, code)") })
    }

    /// A failure injected at each suffix statement in turn (an event trigger raises the first time
    /// it sees that statement), then `apply` again: it resumes and ends where plain DDL does. And
    /// a revision whose whole suffix ran but was not marked complete resumes to the same state.
    @Test func anInterruptionAtEverySuffixStepResumesToTheSameCatalog() throws {
        let online = try Self.bundle(online: true)
        defer { online.remove() }
        let plain = try Self.bundle(online: false)
        defer { plain.remove() }
        let expected = try Self.catalog(plain)
        let suffix = try Self.suffixStatements(online)
        for statement in suffix {
            let reached = try TestDatabase.with { database -> [String] in
                try apply(online, to: .revision(online.chain[0].id), on: database)
                let connection = try database.connect()
                _ = try connection.execute(OnlineSchemas.rows)
                _ = try connection.execute(
                    """
                    CREATE TABLE public.strata_fail_at (query text NOT NULL);
                    CREATE SEQUENCE public.strata_fail_count;
                    CREATE FUNCTION public.strata_fail() RETURNS event_trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF EXISTS (SELECT 1 FROM public.strata_fail_at WHERE strpos(current_query(), query) > 0)
                           AND nextval('public.strata_fail_count') = 1 THEN
                            RAISE EXCEPTION 'injected failure';
                        END IF;
                    END $$;
                    CREATE EVENT TRIGGER strata_fail ON ddl_command_start EXECUTE FUNCTION public.strata_fail();
                    """)
                _ = try connection.execute("INSERT INTO public.strata_fail_at VALUES ($1)", parameters: [statement])
                #expect(throws: ApplyFailure.self, "failure injected at: \(statement)") {
                    try apply(online, to: .head, on: database)
                }
                #expect(
                    try connection.query("SELECT complete FROM negentropy.strata_version WHERE revision = '\(online.chain[1].id)'")
                        == [["f"]], "incomplete after a failure at: \(statement)")
                // Gone before the resume: its nextval may WAL-log and so take a transaction id,
                // which DROP INDEX CONCURRENTLY refuses ("must be first action in transaction").
                _ = try connection.execute("DROP EVENT TRIGGER strata_fail")
                let observer = RecordingObserver()
                try apply(online, to: .head, on: database, observer: observer)
                #expect(observer.cleanups.contains { $0.contains("resumed \(online.chain[1].id)") })
                return try connection.query(OnlineSchemas.catalogQuery).map { $0[0] ?? "" }
            }
            #expect(reached == expected, "after a failure at: \(statement)")
        }
        // Everything ran, the mark did not: the whole suffix runs again.
        let rerun = try TestDatabase.with { database -> [String] in
            try apply(online, to: .revision(online.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute(OnlineSchemas.rows)
            try apply(online, to: .head, on: database)
            _ = try connection.execute("UPDATE negentropy.strata_version SET complete = false WHERE revision = '\(online.chain[1].id)'")
            let observer = RecordingObserver()
            try apply(online, to: .head, on: database, observer: observer)
            #expect(observer.cleanups.contains { $0.contains("skipped") && $0.contains("already exists") })
            #expect(observer.cleanups.contains { $0.contains("skipped") && $0.contains("already dropped") })
            #expect(observer.cleanups.contains { $0.contains("skipped the replacement of index ix_items_note") })
            #expect(observer.cleanups.contains { $0.contains("skipped the replacement of index uq_items_key") })
            return try connection.query(OnlineSchemas.catalogQuery).map { $0[0] ?? "" }
        }
        #expect(rerun == expected)
    }

    /// A failed validation (a row breaks the check) leaves the revision incomplete with a message
    /// saying what to fix; once the row is fixed the next apply finishes it.
    @Test func aViolatingRowStopsTheValidationUntilItIsFixed() throws {
        let online = try Self.bundle(online: true)
        defer { online.remove() }
        try TestDatabase.with { database in
            try apply(online, to: .revision(online.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute(OnlineSchemas.rows)
            _ = try connection.execute("UPDATE negentropy.items SET qty = -1 WHERE id = 7")
            do {
                try apply(online, to: .head, on: database)
                Issue.record("the validation should have failed")
            } catch let error as ApplyFailure {
                #expect(error.description.contains("ck_items_qty"), "\(error.description)")
                #expect(error.description.contains("the rows that violate it"), "\(error.description)")
            }
            _ = try connection.execute("UPDATE negentropy.items SET qty = 1 WHERE id = 7")
            try apply(online, to: .head, on: database)
            #expect(
                try connection.query("SELECT convalidated FROM pg_constraint WHERE conname = 'ck_items_qty'") == [["t"]])
        }
    }

    /// Each suffix step a row can stop (a duplicate for a unique index, a check, a foreign key)
    /// fails with a query that lists exactly the offending rows, read from the catalog.
    @Test(arguments: [
        ("UPDATE negentropy.items SET code = 'c1' WHERE id = 2", "To list the duplicates: ", [["c1", "2"]]),
        ("UPDATE negentropy.items SET qty = -1 WHERE id = 7", "To list the rows that violate ck_items_qty: ", [["7"]]),
        (
            "UPDATE negentropy.items SET thread_id = '00000000-0000-0000-0000-000000000099' WHERE id = 8",
            "To list the rows that violate fk_items_thread: ", [["8"]]
        ),
    ])
    func aFailedSuffixStepSaysHowToListTheOffendingRows(breakage: String, notePrefix: String, offending: [[String?]])
        throws
    {
        let online = try Self.bundle(online: true)
        defer { online.remove() }
        try TestDatabase.with { database in
            try apply(online, to: .revision(online.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute(OnlineSchemas.rows)
            _ = try connection.execute(breakage)
            var failure: ApplyFailure?
            do { try apply(online, to: .head, on: database) } catch let caught as ApplyFailure { failure = caught }
            let note = try #require(failure?.notes.first { $0.hasPrefix(notePrefix) }, "\(String(describing: failure))")
            let rows = try connection.query(String(note.dropFirst(notePrefix.count)))
            // The listing shows the rows (a check or key: the row's id first); duplicates with their count.
            #expect(rows.map { Array($0.prefix(offending[0].count)) } == offending, "\(note)")
        }
    }

    /// The down script drops the indexes the up built concurrently in its one transaction (a
    /// failed down strands nothing), and goes back to v1's catalog.
    @Test func theDownDropsConcurrentlyBuiltIndexesInItsTransaction() throws {
        let online = try Self.bundle(online: true)
        defer { online.remove() }
        let down = try String(contentsOf: online.directory.appendingPathComponent(online.chain[1].down.file), encoding: .utf8)
        #expect(down.contains("\nDROP INDEX negentropy.ix_items_embedding;"))
        #expect(down.contains("\nDROP INDEX negentropy.uq_items_thread_code;"))
        #expect(!down.contains("strata:no-transaction"))
        #expect(down.contains("-- Hazards:"))
        try TestDatabase.with { database in
            try apply(online, to: .revision(online.chain[0].id), on: database)
            let connection = try database.connect()
            let before = try connection.query(OnlineSchemas.catalogQuery)
            try apply(online, to: .head, on: database)
            try apply(online, to: .back(1), on: database)
            #expect(try connection.query(OnlineSchemas.catalogQuery) == before)
        }
    }
}
