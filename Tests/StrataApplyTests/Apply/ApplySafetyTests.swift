import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// The refusals and failure paths of SPEC §6, against the real server.
@Suite(.requiresDatabase, .serialized) struct ApplySafetyTests {
    /// Catches the ApplyFailure `body` throws.
    func failure(_ body: () throws -> Void) -> ApplyFailure? {
        do {
            try body()
            return nil
        } catch let failure as ApplyFailure {
            return failure
        } catch {
            Issue.record("expected an ApplyFailure, got \(error)")
            return nil
        }
    }

    @Test func failingStatementRollsBackTheRevisionAndNamesFileAndLine() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let broken = try bundle.handWritten(
            message: "broken backfill",
            up: """
                CREATE TABLE negentropy.scratch (id integer);
                INSERT INTO negentropy.scratch VALUES (1);

                INSERT INTO negentropy.threads (title)
                    VALUES (nope_column);
                """,
            down: "DROP TABLE negentropy.scratch;\n")
        try TestDatabase.with { database in
            let error = failure { try apply(bundle, to: .head, on: database) }
            let message = try #require(error).description
            #expect(error?.kind == .database)
            #expect(message.contains("\(broken.up.file):5:13: error: 42703: column \"nope_column\" does not exist"))
            #expect(message.contains("rolled back: the database is still at \(bundle.chain[0].id)"))
            let connection = try database.connect()
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT to_regclass('negentropy.scratch') IS NULL") == [["t"]])
        }
    }

    @Test func tamperedScriptIsRefusedBeforeAnythingRuns() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let url = bundle.directory.appendingPathComponent(bundle.chain[1].up.file)
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "\nDROP TABLE negentropy.threads;\n"
        try Data(text.utf8).write(to: url)
        try TestDatabase.with { database in
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.kind == .badInput)
            #expect(error?.description.contains(bundle.chain[1].up.file) == true)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
        }
    }

    @Test func differentHashInTheDatabaseIsRefused() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0001"), on: database)
            let connection = try database.connect()
            _ = try connection.execute("UPDATE negentropy.strata_version SET chain_hash = 'sha256:elsewhere'")
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.kind == .badInput)
            let message = error?.description ?? ""
            #expect(message.contains(bundle.chain[0].id))
            #expect(message.contains("sha256:elsewhere") && message.contains(bundle.chain[0].chainHash))
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT to_regclass('negentropy.memories') IS NULL") == [["t"]])
        }
    }

    @Test func databaseAheadOfTheBundleIsRefused() throws {
        let full = try Schemas.threeRevisions()
        defer { full.remove() }
        var short = try TestBundle()
        defer { short.remove() }
        try short.compile(Schemas.v1, message: "threads")
        try TestDatabase.with { database in
            try apply(full, to: .head, on: database)
            let error = failure { try apply(short, to: .head, on: database) }
            #expect(error?.kind == .badInput)
            #expect(error?.description.contains("ahead of the bundle") == true)
            #expect(error?.description.contains(full.chain[2].id) == true)
            #expect(error?.description.contains(full.chain[2].chainHash) == true)
        }
    }

    @Test func managedNamesInPublicAreNotTouched() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            _ = try connection.execute("CREATE TABLE public.threads (id integer, note text)")
            _ = try connection.execute("INSERT INTO public.threads VALUES (7, 'framework row')")
            try apply(bundle, to: .head, on: database)
            try apply(bundle, to: .base, on: database)
            try apply(bundle, to: .head, on: database)
            #expect(try connection.query("SELECT id, note FROM public.threads") == [["7", "framework row"]])
            #expect(try catalogColumns(connection, schema: "public") == ["threads: id", "threads: note"])
        }
    }

    @Test func roleThatCannotCreateTheExtensionGetsThePreflightMessage() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let appURL = try #require(database.appURL, "the test server has no strata_app role")
            let error = failure { try apply(bundle, to: .head, on: database, url: appURL) }
            #expect(error?.kind == .database)
            #expect(error?.description.contains("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;") == true)
            #expect(error?.description.contains("strata_app") == true)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
            // Once a superuser has created it, the same role applies everything.
            _ = try connection.execute("CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public")
            try apply(bundle, to: .head, on: database, url: appURL)
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            #expect(try connection.query("SELECT DISTINCT applied_by FROM negentropy.strata_version") == [["strata_app"]])
        }
    }

    @Test func extensionInAnotherSchemaIsNamed() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            _ = try connection.execute("CREATE SCHEMA ext; CREATE EXTENSION vector WITH SCHEMA ext")
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.description.contains("installed in schema ext") == true)
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
        }
    }

    @Test func lockHeldElsewhereFailsNamingTheHolder() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let holder = try Connection(settings: ConnectionSettings(url: database.url))
            _ = try holder.execute("SET application_name = 'other deploy'")
            let key = AdvisoryLock(schema: "negentropy").key
            _ = try holder.execute("SELECT pg_advisory_lock(\(key))")
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.kind == .database)
            #expect(error?.description.contains("backend pid \(holder.backendPID)") == true)
            #expect(error?.description.contains("application 'other deploy'") == true)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
            _ = try holder.execute("SELECT pg_advisory_unlock(\(key))")
            try apply(bundle, to: .head, on: database)
        }
    }

    @Test func lockKeyIsTheDocumentedSHA256Prefix() {
        // First 8 bytes of SHA-256("strata:negentropy") = b28d70d66db3995c, as a signed bigint.
        #expect(AdvisoryLock(schema: "negentropy").key == Int64(bitPattern: 0xb28d_70d6_6db3_995c))
    }

    @Test func dryRunPrintsThePlanAndTouchesNothing() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let observer = RecordingObserver()
            try apply(bundle, to: .head, on: database, observer: observer) { $0.dryRun = true }
            let text = observer.dryRunLines.joined(separator: "\n")
            #expect(text.contains("CREATE TABLE negentropy.threads"))
            #expect(text.contains("INSERT INTO negentropy.strata_version"))
            #expect(text.contains("BEGIN;") && text.contains("COMMIT;"))
            #expect(text.contains("SET lock_timeout = '5000ms';"))
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
            #expect(try connection.query("SELECT count(*) FROM pg_extension WHERE extname = 'vector'") == [["0"]])
        }
    }

    @Test func singleTransactionRollsBackTheWholeMove() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.compile(Schemas.v2, message: "memories")
        try bundle.handWritten(message: "fails", up: "SELECT 1/0;\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            let error = failure { try apply(bundle, to: .head, on: database) { $0.singleTransaction = true } }
            #expect(error?.description.contains("22012") == true)
            #expect(error?.description.contains("single transaction was rolled back: the database is still at base") == true)
            let connection = try database.connect()
            #expect(try versionRows(connection) == [])
            #expect(try connection.query("SELECT to_regclass('negentropy.threads') IS NULL") == [["t"]])
            try apply(bundle, to: .revision("0002"), on: database) { $0.singleTransaction = true }
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
        }
    }

    @Test func transactionControlInAScriptIsRefusedAndRolledBack() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(message: "sneaky commit", up: "SELECT 1;\n", down: "SELECT 1;\n")
        let sneaky = "INSERT INTO negentropy.threads (title) VALUES ('a');\nCOMMIT;\nSELECT 1;\n"
        try TestDatabase.with { database in
            // Edited after the bundle was verified (as if while apply runs): the runner refuses it.
            let context = try bundle.context()
            try Data(sneaky.utf8).write(to: bundle.directory.appendingPathComponent(entry.up.file))
            let error = failure {
                let connection = try database.connect()
                _ = try Applier(
                    context: context, request: ApplyRequest(target: .head, lockWait: 0)
                ).run(on: connection)
            }
            #expect(error?.description.contains("\(entry.up.file):2:1: error: COMMIT is not allowed") == true)
            let connection = try database.connect()
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT count(*) FROM negentropy.threads") == [["0"]])

            // Rehashed, the script fails verification: nothing runs at all.
            _ = try BundleStore(directory: bundle.directory).rehash()
            let refused = failure { _ = try apply(bundle, to: .head, on: database) }
            #expect(refused?.kind == .badInput)
            #expect(refused?.description.contains("fails verification; nothing was run") == true)
            #expect(
                refused?.description.contains("\(entry.up.file):2:1: revision \(entry.id): COMMIT is not allowed") == true,
                "\(String(describing: refused))")
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT count(*) FROM negentropy.threads") == [["0"]])
        }
    }

    @Test func copyFromStdinStreamsItsDataAndABadRowRollsBack() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let good = "COPY negentropy.threads (title) FROM STDIN;\nfirst\nsecond\n\\.\nSELECT 1;\n"
        let entry = try bundle.handWritten(
            message: "seed", up: good.replacingOccurrences(of: "second", with: "second\n\\N"),
            down: "DELETE FROM negentropy.threads;\n")
        try TestDatabase.with { database in
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.description.contains("\(entry.up.file):1:1: error: 23502") == true, "\(String(describing: error))")
            let connection = try database.connect()
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(try connection.query("SELECT count(*) FROM negentropy.threads") == [["0"]])

            try Data(good.utf8).write(to: bundle.directory.appendingPathComponent(entry.up.file))
            _ = try BundleStore(directory: bundle.directory).rehash()
            try apply(bundle, to: .head, on: database)
            #expect(try connection.query("SELECT title FROM negentropy.threads ORDER BY title") == [["first"], ["second"]])
        }
    }

    @Test func busyTableFailsFastUnderLockTimeout() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0002"), on: database)
            let reader = try database.connect()
            _ = try reader.execute("BEGIN")
            _ = try reader.execute("SELECT count(*) FROM negentropy.threads")  // holds ACCESS SHARE until commit
            let started = Date()
            let error = failure { try apply(bundle, to: .head, on: database) { $0.lockTimeout = 0.3 } }
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(error?.description.contains("55P03") == true, "\(String(describing: error))")
            #expect(error?.description.contains("still at \(bundle.chain[1].id)") == true)
            // Who held the lock, and the way out, named while it is still held.
            let notes = error?.notes ?? []
            #expect(notes.contains { $0.hasPrefix("The statement waited lock_timeout (0.3s) for a table lock.") }, "\(notes)")
            #expect(notes.contains {
                $0.hasPrefix("backend pid \(reader.backendPID) (user ") && $0.contains("idle in transaction")
                    && $0.contains("AccessShareLock on negentropy.threads")
                    && $0.hasSuffix("its last query: SELECT count(*) FROM negentropy.threads")
            }, "\(notes)")
            #expect(notes.contains { $0.contains("SELECT pg_terminate_backend(\(reader.backendPID));") }, "\(notes)")
            _ = try reader.execute("COMMIT")
            let connection = try database.connect()
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
            try apply(bundle, to: .head, on: database)
        }
    }
}

extension ApplySafetyTests {
    /// A statement_timeout set for the database (as many production roles have) cuts a long
    /// statement short: the failure says that setting did it, with its value, and how to lift it.
    @Test func aStatementTimeoutIsNamedWithItsValueAndTheWayAround() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(message: "slow", up: "SELECT pg_sleep(5);\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            let admin = try database.connect()
            _ = try admin.execute("ALTER DATABASE \(database.name) SET statement_timeout = '300ms'")
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.message == "57014: canceling statement due to statement timeout", "\(String(describing: error))")
            #expect(error?.notes.contains {
                $0.hasPrefix("statement_timeout (300ms for this role and database) stopped it")
                    && $0.contains("PGOPTIONS='-c statement_timeout=0'")
            } == true, "\(String(describing: error))")
            #expect(try versionRows(admin) == [bundle.chain[0].id])
        }
    }

    @Test func extensionSchemaThatDoesNotExistIsNamed() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(
            Schemas.v1.replacingOccurrences(of: "{ name: vector, schema: public }", with: "{ name: vector, schema: extensions }"),
            message: "threads")
        try TestDatabase.with { database in
            let error = failure { try apply(bundle, to: .head, on: database) }
            #expect(error?.description.contains("schema extensions, which does not exist") == true, "\(String(describing: error))")
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
        }
    }

    /// An extension declared in the managed schema itself: apply creates that schema before the
    /// first revision, so its absence on a fresh database is no reason to refuse.
    @Test func extensionInTheManagedSchemaAppliesToAFreshDatabase() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(
            Schemas.v1.replacingOccurrences(of: "{ name: vector, schema: public }", with: "{ name: vector, schema: negentropy }"),
            message: "threads")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            #expect(try versionRows(connection) == [bundle.chain[0].id])
            #expect(
                try connection.query(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'"
                ) == [["negentropy"]])
        }
    }
}
