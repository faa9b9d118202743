import Foundation
import StrataBundle
import StrataCore
import StrataTestSupport
import Testing

@testable import StrataApply

/// One writer at a time whatever the server or a pooler does to idle sessions, the position a
/// failing run reports, and waits named (issue 25, items 1 to 4), against the real server.
@Suite(.requiresDatabase, .serialized) struct SingleWriterTests {
    /// A chain of two slow hand-written revisions after `threads`, each recording its run in
    /// `negentropy.runs` (a revision that ran twice would leave two rows).
    static func slowChain(seconds: Double) throws -> TestBundle {
        var bundle = try TestBundle()
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "slow one",
            up: """
                CREATE TABLE negentropy.runs (revision text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
                INSERT INTO negentropy.runs (revision) VALUES ('slow one');
                SELECT pg_sleep(\(seconds));

                """,
            down: "DROP TABLE negentropy.runs;\n")
        try bundle.handWritten(
            message: "slow two",
            up: "INSERT INTO negentropy.runs (revision) VALUES ('slow two');\nSELECT pg_sleep(\(seconds));\n",
            down: "DELETE FROM negentropy.runs WHERE revision = 'slow two';\n")
        return bundle
    }

    // MARK: - Item 1: idle_session_timeout

    /// With `idle_session_timeout = 1s` on the role in this database, the session holding the lock
    /// sits idle through 2 s revisions: it must survive, and applies started meanwhile must wait
    /// (or, with --wait 0, stop naming the holder) instead of running the same revisions.
    @Test func underIdleSessionTimeoutASecondApplyWaitsAndNoRevisionRunsTwice() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Self.slowChain(seconds: 2)
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let admin = try database.connect()
            let role = try #require(TestServer.user(in: database.url))
            try admin.execute("ALTER ROLE \(role) IN DATABASE \(database.name) SET idle_session_timeout = '1s'")
            // The setting bites: an idle session of this role in this database is ended, and the
            // error says why (the server's reason, not only libpq's "terminated abnormally").
            let idle = try database.connect()
            Thread.sleep(forTimeInterval: 1.5)
            let ended = #expect(throws: PostgresError.self) { try idle.execute("SELECT 1") }
            #expect(ended?.message.contains("terminating connection due to idle-session timeout") == true, "\(String(describing: ended))")

            let watcher = try database.connect()
            try watcher.execute("SET idle_session_timeout = 0")
            let first = try BackgroundRun(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            try waitUntil("the first apply sleeping in its first slow revision", within: 20) {
                try watcher.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(2.0)%' "
                        + "AND pid <> pg_backend_pid()") == [["1"]]
            }
            // Past the idle limit of the lock session, as in the report (3 s into a 5 s revision).
            Thread.sleep(forTimeInterval: 1.2)
            let waiting = try BackgroundRun(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            let refused = try BackgroundRun(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url, "--wait", "0"])
            let results = [first, waiting, refused].map { $0.wait() }
            let all = results.map { $0.stdout + $0.stderr }.joined(separator: "\n")
            #expect(results[0].status == 0, "\(results[0].stderr)")
            #expect(results[0].stdout.contains("Database is now at \(bundle.chain[2].id)"), "\(results[0].stdout)")
            #expect(results[1].status == 0, "\(results[1].stderr)")
            #expect(results[1].stderr.contains("waiting for the apply lock, held by backend pid"), "\(results[1].stderr)")
            #expect(results[1].stdout.contains("nothing to do"), "\(results[1].stdout)")
            #expect(results[2].status == 3, "\(results[2].stderr)")
            #expect(results[2].stderr.contains("another apply holds the lock on schema negentropy"), "\(results[2].stderr)")
            #expect(results[2].stderr.contains("it is held by backend pid"), "\(results[2].stderr)")
            #expect(!all.contains("23505") && !all.contains("terminated abnormally"), "\(all)")
            #expect(try watcher.query("SELECT revision, count(*) FROM negentropy.runs GROUP BY 1 ORDER BY 1")
                == [["slow one", "1"], ["slow two", "1"]])
            #expect(try versionRows(watcher) == bundle.chain.map(\.id))
        }
    }

    // MARK: - Item 3: the position is read, never assumed

    /// Another writer records the revision this run is in the middle of (as a run without the lock
    /// would): the run's failure says where the database really is, read from the version table,
    /// and so does the failure's position.
    @Test func aFailingRunReportsThePositionReadFromTheVersionTable() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try Gate.addGate(to: &bundle)
        try Gate.addWait(to: &bundle)
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0002"), on: database)
            let gate = try Gate.close(in: database)
            let watcher = try database.connect()
            let failure = Locked<ApplyFailure?>(nil)
            let group = DispatchGroup()
            let bundleCopy = bundle
            DispatchQueue.global().async(group: group) {
                do { try apply(bundleCopy, to: .head, on: database) { $0.lockTimeout = 0 } } catch let error as ApplyFailure {
                    failure.mutate { $0 = error }
                } catch {}
            }
            try waitUntil("the apply blocked at the gate", within: 20) { try Gate.isWaiting(seenBy: watcher) }
            let third = bundle.chain[2]
            try watcher.execute(try bundle.context().versionRows.insertSQL(for: third, executionMS: 0))
            try gate.execute("ROLLBACK")
            group.wait()
            let error = try #require(failure.value)
            #expect(error.sqlState == "23505")
            #expect(
                error.description.contains(
                    "was rolled back; the database is at \(third.id) (read from negentropy.strata_version "
                        + "just now; this run expected \(bundle.chain[1].id): another run moved it meanwhile)"),
                "\(error.description)")
            #expect(error.databasePosition == 3 && error.databaseRevision == third.id)
        }
    }

    // MARK: - Item 4: waits named

    /// A REPEATABLE READ transaction holds no table lock, yet a concurrent build waits for it
    /// (`Lock:virtualxid`): the progress names it while the build waits, and the failure names it
    /// with the way out when lock_timeout ends the wait. With --lock-timeout 0 the progress keeps
    /// naming it, and the run finishes once it ends.
    @Test func aConcurrentBuildNamesTheOlderTransactionItWaitsFor() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let build = try bundle.compile(ApplyConcurrencyTests.withConcurrentIndex, message: "unique content")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0003"), on: database)
            let blocker = try database.connect()
            let pid = try #require(blocker.query("SELECT pg_backend_pid()").first?.first ?? nil)
            try blocker.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            try blocker.execute("SELECT 1")
            let named = "backend pid \(pid) (user \(TestServer.user(in: database.url) ?? "?"), idle in transaction, "
                + "transaction started "

            // 5 s, not less: the heartbeat that names the blocker in the progress line must get a
            // turn on a loaded machine before lock_timeout ends the wait.
            let timedOut = try BackgroundRun(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url, "--lock-timeout", "5", "--progress"]
            ).wait()
            #expect(timedOut.status == 3, "\(timedOut.stderr)")
            let progress = timedOut.stderr.split(separator: "\n").filter { $0.hasPrefix("[1/1] up \(build.id): statement") }
            #expect(
                progress.contains { $0.contains("waiting (Lock:virtualxid) for transactions older than it to end: \(named)") },
                "\(timedOut.stderr)")
            #expect(timedOut.stderr.contains("query: SELECT 1)"), "\(timedOut.stderr)")
            #expect(
                timedOut.stderr.contains(
                    "The statement waited lock_timeout (5s) for transactions that started before it to end (Lock:virtualxid), held up by:"),
                "\(timedOut.stderr)")
            #expect(timedOut.stderr.contains("note: \(named)"), "\(timedOut.stderr)")
            #expect(timedOut.stderr.contains("SELECT pg_terminate_backend(\(pid));"), "\(timedOut.stderr)")
            #expect(!timedOut.stderr.contains("No other session holds a table lock"), "\(timedOut.stderr)")

            let waiting = try BackgroundRun(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url, "--lock-timeout", "0", "--progress"])
            do {
                try waitUntil("the build named its blocker in progress", within: 20) {
                    waiting.stderr.contains("waiting (Lock:virtualxid) for transactions older than it to end: \(named)")
                }
            } catch {
                Issue.record("\(error): \(waiting.stderr)")
            }
            try blocker.execute("COMMIT")
            let finished = waiting.wait()
            #expect(finished.status == 0, "\(finished.stderr)")
            let connection = try database.connect()
            #expect(try connection.query(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'uq_memories_content'")
                == [["t"]])
        }
    }

    /// Without --progress a wait is still said once, on stderr, naming the holder of a table lock.
    @Test func aTableLockWaitIsNamedEvenWithoutProgress() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(message: "touch", up: "LOCK TABLE negentropy.threads IN SHARE MODE;\n", down: "SELECT 1;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0001"), on: database)
            let holder = try database.connect()
            try holder.execute("BEGIN")
            try holder.execute("LOCK TABLE negentropy.threads IN ACCESS EXCLUSIVE MODE")
            let pid = try #require(holder.query("SELECT pg_backend_pid()").first?.first ?? nil)
            let run = try BackgroundRun(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url, "--lock-timeout", "2"]
            ).wait()
            #expect(run.status == 3, "\(run.stderr)")
            #expect(run.stderr.contains("note: [1/1] up \(bundle.chain[1].id): the statement is waiting (Lock:relation) for a lock: backend pid \(pid)"), "\(run.stderr)")
            #expect(run.stderr.contains("The statement waited lock_timeout (2s) for a lock (Lock:relation), held up by:"), "\(run.stderr)")
        }
    }

    // MARK: - Item 2: poolers

    /// pgbouncer in transaction mode: refused before anything is set or changed, saying to connect
    /// directly or through session pooling. In session mode: two applies, the second waiting
    /// with the waiting line; afterwards no setting of apply's is left on the pool's sessions.
    @Test func pgbouncerTransactionModeIsRefusedAndSessionModeWorks() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Self.slowChain(seconds: 1)
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let direct = try database.connect()
            try Pgbouncer.with(mode: "transaction", database: database) { url in
                let run = try ProcessCapture.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", url])
                #expect(run.status == 3, "\(run.stderr)")
                #expect(run.stderr.contains("refusing to run anything: apply needs one stable server session"), "\(run.stderr)")
                #expect(run.stderr.contains("Nothing was changed. Connect directly to PostgreSQL, or through a pool in session mode"))
                #expect(try direct.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
                #expect(try Pgbouncer.settingsOfEveryPooledSession(url: url, sessions: 2).allSatisfy { $0 == Pgbouncer.defaults })
            }
            try Pgbouncer.with(mode: "session", database: database) { url in
                let first = try BackgroundRun(strata, ["apply", bundle.directory.path, "--to", "head", "--url", url])
                try waitUntil("the first apply sleeping", within: 20) {
                    try direct.query(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(1.0)%' "
                            + "AND pid <> pg_backend_pid()")
                        == [["1"]]
                }
                let second = try BackgroundRun(strata, ["apply", bundle.directory.path, "--to", "head", "--url", url]).wait()
                let firstResult = first.wait()
                #expect(firstResult.status == 0, "\(firstResult.stderr)")
                #expect(second.status == 0, "\(second.stderr)")
                #expect(second.stderr.contains("waiting for the apply lock, held by backend pid"), "\(second.stderr)")
                #expect(try versionRows(direct) == bundle.chain.map(\.id))
                #expect(try direct.query("SELECT count(*) FROM negentropy.runs") == [["2"]])
                // The four server sessions the two applies used, each as the next client gets it.
                #expect(try Pgbouncer.settingsOfEveryPooledSession(url: url, sessions: 4).allSatisfy { $0 == Pgbouncer.defaults })
            }
        }
    }
}

/// A strata process running in the background, its output going to files that can be read while
/// it runs.
final class BackgroundRun: @unchecked Sendable {
    private let process = Process()
    private let directory: URL

    init(_ executable: URL, _ arguments: [String]) throws {
        directory = try Scratch.directory("background-run")
        FileManager.default.createFile(atPath: directory.appendingPathComponent("stdout").path, contents: nil)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("stderr").path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr"))
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    var stdout: String { (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }

    /// Waits for the process (at most 60 s: a hung apply fails the test instead of the suite).
    func wait() -> (status: Int32, stdout: String, stderr: String) {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return (process.terminationStatus, stdout, stderr)
    }
}

/// A throwaway pgbouncer in front of the test server (scripts/pgbouncer.sh), stopped afterwards.
enum Pgbouncer {
    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/pgbouncer.sh")
    }

    /// Runs `body` with a URL to `database` through a pgbouncer in `mode`.
    static func with(mode: String, database: TestDatabase, _ body: (String) throws -> Void) throws {
        let directory = try Scratch.directory("pgbouncer-\(mode)")
        defer {
            _ = try? ProcessCapture.run(script, ["stop", directory.path])
            try? FileManager.default.removeItem(at: directory)
        }
        let started = try ProcessCapture.run(script, ["start", directory.path, mode, TestServer.requireURL()])
        let port = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(started.status == 0 && Int(port) != nil, "pgbouncer did not start: \(started.stderr)")
        let url = database.url.replacingOccurrences(
            of: #":\d+/"#, with: ":\(port)/", options: .regularExpression)
        try body(url)
    }

    /// The settings apply changes, as PostgreSQL starts a session with them.
    static let defaults = ["0", "0", "0", "0"]

    /// Opens `sessions` clients at once (so each gets its own server session from the pool) and
    /// reads the settings apply sets from each.
    static func settingsOfEveryPooledSession(url: String, sessions: Int) throws -> [[String]] {
        guard sessions > 0 else { return [] }
        // Held open while the rest connect (a Connection cannot go into an array).
        let connection = try Connection(settings: ConnectionSettings(url: url))
        let row = try connection.query(
            "SELECT current_setting('client_connection_check_interval'), current_setting('idle_session_timeout'), "
                + "current_setting('lock_timeout'), current_setting('idle_in_transaction_session_timeout')")
        return [row[0].map { $0 ?? "?" }] + (try settingsOfEveryPooledSession(url: url, sessions: sessions - 1))
    }
}
