import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// What hand-written revisions do to the run around them: session state, pg_dump's fences,
/// COPY to the client, the lock, notices and timings (issue 6, apply items).
@Suite(.requiresDatabase, .serialized) struct HandWrittenScriptTests {
    @Test func sessionStateDoesNotLeakIntoTheNextRevision() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "session settings",
            up: """
                SET lock_timeout = 0;
                SELECT set_config('search_path', '', false);
                SET statement_timeout = '1h';
                CREATE TABLE negentropy.inside (lock_timeout text);
                INSERT INTO negentropy.inside VALUES (current_setting('lock_timeout'));
                """,
            down: "DROP TABLE negentropy.inside;\n")
        try bundle.handWritten(
            message: "reads the session",
            up: """
                CREATE TABLE seen (lock_timeout text, search_path text, statement_timeout text);
                INSERT INTO seen VALUES (current_setting('lock_timeout'), current_setting('search_path'),
                                         current_setting('statement_timeout'));
                """,
            down: "DROP TABLE public.seen;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database) { $0.lockTimeout = 5 }
            let connection = try database.connect()
            #expect(try connection.query("SELECT * FROM negentropy.inside") == [["0"]])
            // The unqualified CREATE of the next revision lands in public, with strata's lock_timeout.
            #expect(try connection.query("SELECT * FROM public.seen") == [["5s", "\"$user\", public", "0"]])
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
        }
    }

    @Test func theReleaseScriptResetsTheSessionAndSkipsTheFencesThroughPsql() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "session settings",
            up: "\\restrict K3y\nSET lock_timeout = '7s';\nSELECT set_config('search_path', '', false);\n\\unrestrict K3y\n",
            down: "SELECT 1;\n")
        try bundle.handWritten(
            message: "reads the session",
            up: "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout, "
                + "current_setting('search_path') AS search_path;\n",
            down: "DROP TABLE public.seen;\n")
        let loaded = try #require(bundle.bundle)
        let script = try ReleaseScript.render(
            bundle: loaded, from: nil, to: try #require(loaded.head), fileName: "release.sql")
        let path = bundle.directory.appendingPathComponent("release.sql")
        try Data(script.utf8).write(to: path)
        try TestDatabase.with { database in
            let result = try database.psql(["-f", path.path])
            #expect(result.status == 0, "\(result.stderr)")
            let connection = try database.connect()
            #expect(try connection.query("SELECT lock_timeout <> '7s', search_path FROM public.seen") == [["t", "\"$user\", public"]])
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
        }
    }

    /// COPY data of several CopyData messages (`StatementSplitter.copyFlushSize` each) and of
    /// several read chunks, with multi-byte characters and rows across every boundary, arrives
    /// byte for byte and row for row.
    @Test func copyDataLargerThanOneMessageArrivesIntact() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        var rows: [String] = []
        var bytes = 0
        while bytes < 3 * StatementSplitter.copyFlushSize + 1234 {
            let id = rows.count + 1
            let body = "row \(id) ä € 😀 " + String(repeating: "x", count: id % 997) + " ;'\\\\."
            rows.append(body)
            bytes += body.utf8.count + 10
        }
        let data = rows.enumerated().map { "\($0.offset + 1)\t\($0.element)\n" }.joined()
        _ = try bundle.handWritten(
            message: "load",
            up: "CREATE TABLE negentropy.loaded (id integer PRIMARY KEY, body text);\n"
                + "COPY negentropy.loaded (id, body) FROM STDIN;\n\(data)\\.\nSELECT 1;\n",
            down: "DROP TABLE negentropy.loaded;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM negentropy.loaded") == [["\(rows.count)"]])
            // COPY's text format reads `\\` as one backslash.
            let expected = rows.map { $0.replacing("\\\\", with: "\\") }.joined(separator: "\n")
            let same = try connection.execute(
                "SELECT string_agg(body, E'\\n' ORDER BY id) = $1 FROM negentropy.loaded", parameters: [expected])
            #expect(same.value(row: 0, column: 0) == "t")
        }
    }

    @Test func pgDumpRestrictFencesAreIgnored() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let key = "AbCdEf0123456789xYz"
        let entry = try bundle.handWritten(
            message: "restore",
            up: """
                --
                -- PostgreSQL database dump
                --

                \\restrict \(key)

                SET client_min_messages = warning;
                CREATE TABLE negentropy.restored (id integer);
                COPY negentropy.restored (id) FROM stdin;
                1
                2
                \\.

                --
                -- PostgreSQL database dump complete
                --

                \\unrestrict \(key)

                """,
            down: "DROP TABLE negentropy.restored;\n")
        #expect(verifyBundle(at: bundle.directory).isEmpty)
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM negentropy.restored") == [["2"]])
            #expect(try versionRows(connection) == [bundle.chain[0].id, entry.id])
        }
    }

    @Test func copyToStdoutIsRefusedByVerification() throws {
        // TO STDIN is the same copy to the client for PostgreSQL (it ran into apply's COPY guard).
        for statement in [
            "COPY negentropy.threads TO STDOUT", "COPY (SELECT 1) TO stdout WITH (FORMAT csv)", "copy negentropy.threads to stdin",
        ] {
            var bundle = try TestBundle()
            defer { bundle.remove() }
            try bundle.compile(Schemas.v1, message: "threads")
            let entry = try bundle.handWritten(message: "dump", up: "SELECT 1;\n\(statement);\n", down: "SELECT 1;\n")
            let failure = try #require(throws: ApplyFailure.self) { try bundle.context() }
            #expect(failure.kind == .badInput)
            #expect(failure.message.contains("\(entry.up.file)"), "\(failure.message)")
            #expect(failure.message.contains("\(entry.up.file):2:1: revision \(entry.id): COPY ... TO STDOUT is not allowed in a revision script"), "\(failure.message)")
        }
    }

    /// `COPY ... FROM STDOUT` reads from the client like FROM STDIN (PostgreSQL's grammar takes
    /// either word): its data lines are streamed, as psql streams them, not parsed as SQL.
    @Test func copyFromStdoutStreamsItsDataLikeFromStdin() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "seed", up: "COPY negentropy.threads (title) FROM STDOUT;\nfirst\nsecond\n\\.\nSELECT 1;\n",
            down: "DELETE FROM negentropy.threads;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            #expect(try connection.query("SELECT title FROM negentropy.threads ORDER BY title") == [["first"], ["second"]])
        }
    }

    @Test func unlockingAllAdvisoryLocksInAScriptDoesNotLetASecondApplyIn() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "gate", up: "CREATE TABLE negentropy.gate (id int);\n", down: "DROP TABLE negentropy.gate;\n")
        try bundle.handWritten(
            message: "unlock all", up: "SELECT pg_advisory_unlock_all();\n", down: "SELECT pg_advisory_unlock_all();\n")
        try bundle.handWritten(
            message: "wait at the gate", up: "LOCK TABLE negentropy.gate IN SHARE MODE;\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0002"), on: database)
            let gate = try database.connect()
            try gate.execute("BEGIN")
            try gate.execute("LOCK TABLE negentropy.gate IN ACCESS EXCLUSIVE MODE")
            // Watched from outside the gate's transaction, which would see one snapshot of pg_stat_activity.
            let watcher = try database.connect()
            let (first, group) = Self.applyInBackground(bundle, on: database)
            // Wait until the first run is blocked at the gate, after revision 0003 has unlocked all.
            try waitUntil("the first run blocked at the gate", within: 30) {
                try watcher.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE query LIKE 'LOCK TABLE negentropy.gate IN SHARE MODE%' AND wait_event_type = 'Lock'
                    """) == [["1"]]
            }
            let second = try #require(throws: ApplyFailure.self) { try apply(bundle, to: .head, on: database) }
            #expect(second.message.contains("another apply holds the lock on schema negentropy"), "\(second.message)")
            try gate.execute("ROLLBACK")
            group.wait()
            #expect(first.value == "finished")
            #expect(try versionRows(gate) == bundle.chain.map(\.id))
        }
    }

    /// The lock session is terminated while a revision waits: that revision does not commit (its
    /// transaction checks the lock before COMMIT, or the heartbeat cancels it), and the message
    /// gives the server's reason and the position read from the version table.
    @Test func aLostLockCommitsNothingMoreAndSaysWhyAndWhereTheDatabaseIs() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try Gate.addGate(to: &bundle)
        try Gate.addWait(to: &bundle)
        try bundle.handWritten(message: "after", up: "SELECT 1;\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0002"), on: database)
            let gate = try Gate.close(in: database)
            let watcher = try database.connect()
            let (first, group) = Self.applyInBackground(bundle, on: database)
            try waitUntil("the apply blocked at the gate, then its lock session terminated", within: 30) {
                guard try Gate.isWaiting(seenBy: watcher) else { return false }
                // The session holding the apply lock is the one not waiting at the gate.
                return try watcher.query(
                    """
                    SELECT pg_terminate_backend(l.pid) FROM pg_locks l
                    WHERE l.locktype = 'advisory' AND l.granted AND l.database =
                        (SELECT oid FROM pg_database WHERE datname = current_database())
                    """) == [["t"]]
            }
            // A terminated backend holds its locks until it has exited: a revision that reaches its
            // commit check before then still holds the lock and rightly commits. Open the gate only
            // once the lock is really gone, so the run under test is the one that lost it.
            try waitUntil("the terminated lock session exited and released the apply lock", within: 30) {
                try watcher.query(
                    """
                    SELECT count(*) FROM pg_locks l
                    WHERE l.locktype = 'advisory' AND l.granted AND l.database =
                        (SELECT oid FROM pg_database WHERE datname = current_database())
                    """) == [["0"]]
            }
            try gate.execute("ROLLBACK")
            group.wait()
            let second = bundle.chain[1].id
            #expect(first.value.contains("the apply lock on schema negentropy"), "\(first.value)")
            #expect(first.value.contains("was lost"), "\(first.value)")
            #expect(first.value.contains("terminating connection due to administrator command"), "\(first.value)")
            #expect(!first.value.contains("terminated abnormally"), "\(first.value)")
            #expect(first.value.contains("this run commits nothing more"), "\(first.value)")
            #expect(first.value.contains("The database is still at \(second)"), "\(first.value)")
            #expect(try versionRows(gate) == bundle.chain.prefix(2).map(\.id))
        }
    }

    @Test func executionTimeIncludesTheSuffix() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "slow suffix",
            up: "CREATE TABLE negentropy.t (id int);\n-- strata:no-transaction\nSELECT pg_sleep(1);\n",
            down: "DROP TABLE negentropy.t;\n")
        try TestDatabase.with { database in
            let observer = RecordingObserver()
            try apply(bundle, to: .head, on: database, observer: observer)
            let connection = try database.connect()
            let rows = try connection.query(
                "SELECT execution_ms >= 1000, complete FROM negentropy.strata_version WHERE revision = '\(entry.id)'")
            #expect(rows == [["t", "t"]])
            #expect((observer.milliseconds[entry.id] ?? 0) >= 1000)
        }
    }

    @Test func aFailingStatementIsRenderedLikeACompileError() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "broken", up: "SELECT 1;\nSELECT nope_column FROM negentropy.threads;\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            let result = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            #expect(result.status == 3)
            let file = bundle.directory.path + "/" + entry.up.file
            #expect(result.stderr.contains(
                """
                \(file):2:8: error: 42703: column "nope_column" does not exist
                 2 | SELECT nope_column FROM negentropy.threads;
                   |        ^
                note: \(entry.id) was rolled back: the database is still at \(bundle.chain[0].id).
                """), "\(result.stderr)")
        }
    }

    @Test func noticesCarryTheLineOfTheirStatement() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "notices",
            up: """
                SELECT 1;
                DO $$ BEGIN RAISE NOTICE 'first'; END $$;
                SELECT 2;

                DO $$
                BEGIN
                    RAISE NOTICE 'second';
                END
                $$;
                -- strata:no-transaction
                DO $$ BEGIN RAISE NOTICE 'third'; END $$;
                """,
            down: "SELECT 1;\n")
        try TestDatabase.with { database in
            let observer = RecordingObserver()
            try apply(bundle, to: .head, on: database, observer: observer)
            let shown = zip(observer.noticeLocations, observer.notices).map { "\($0.0): \($0.1)" }
                .filter { $0.contains(entry.up.file + ":") }
                .map { $0.components(separatedBy: entry.up.file).last ?? "" }
            #expect(shown == [":2: NOTICE: first", ":5: NOTICE: second", ":11: NOTICE: third"])
        }
    }

    /// Starts `apply --to head` (no lock timeout: it waits at the gate) on another thread; the
    /// returned value becomes "finished" or the error once `group` is done.
    static func applyInBackground(_ bundle: TestBundle, on database: TestDatabase) -> (Locked<String>, DispatchGroup) {
        let outcome = Locked<String>("")
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            do {
                try apply(bundle, to: .head, on: database) { $0.lockTimeout = 0 }
                outcome.mutate { $0 = "finished" }
            } catch {
                outcome.mutate { $0 = "\(error)" }
            }
        }
        return (outcome, group)
    }
}
