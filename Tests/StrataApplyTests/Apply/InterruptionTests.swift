import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Ctrl-C and SIGTERM during apply: the running statement is cancelled on the server (it does not
/// go on holding its lock), what is open rolls back, and the message says where the database is.
@Suite(.requiresDatabase, .serialized) struct InterruptionTests {
    /// True once another session of this test's database sleeps in `pg_sleep`, the hand-written
    /// revisions' long statement (its wait event, not the query text: a batch's text shows while
    /// its first statement runs). Other suites sleep in their own databases at the same time.
    static func sleeping(on connection: borrowing Connection) throws -> Bool {
        try connection.query(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'active' AND wait_event = 'PgSleep'
            """) != [["0"]]
    }

    @Test func ctrlCCancelsTheRunningStatementRollsBackAndExits130() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "slow", up: "CREATE TABLE negentropy.t (id int);\nSELECT pg_sleep(600);\n", down: "DROP TABLE negentropy.t;\n")
        try TestDatabase.with { database in
            let watcher = try database.connect()
            let started = Date()
            let result = try ProcessCapture.run(
                strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url]
            ) { process in
                try waitUntil("apply runs pg_sleep") { try Self.sleeping(on: watcher) }
                process.interrupt()
            }
            #expect(Date().timeIntervalSince(started) < 120)
            #expect(result.status == 130, "\(result.stderr)")
            let file = bundle.directory.path + "/" + entry.up.file
            #expect(result.stderr.contains(
                "\(file):2:1: error: interrupted (Ctrl-C or SIGTERM): the server cancelled this statement"),
                "\(result.stderr)")
            #expect(result.stderr.contains(
                "note: \(entry.id)'s transaction is rolled back: the database is still at \(bundle.chain[0].id)."),
                "\(result.stderr)")
            #expect(result.stderr.contains("note: Run `strata apply` again to continue from there."))
            #expect(try Self.sleeping(on: watcher) == false)
            #expect(try versionRows(watcher) == [bundle.chain[0].id])
            #expect(try watcher.query("SELECT to_regclass('negentropy.t') IS NULL") == [["t"]])
        }
    }

    @Test func anInterruptedSuffixLeavesTheRevisionIncompleteAndSaysSo() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let entry = try bundle.handWritten(
            message: "slow suffix",
            up: "CREATE TABLE negentropy.t (id int);\n-- strata:no-transaction\nSELECT pg_sleep(600);\n",
            down: "DROP TABLE negentropy.t;\n")
        try TestDatabase.with { database in
            let watcher = try database.connect()
            let interruption = ApplyInterruption()
            let caught = Locked<ApplyFailure?>(nil)
            let done = DispatchGroup()
            let running = bundle
            DispatchQueue.global().async(group: done) {
                do { try apply(running, to: .head, on: database) { $0.interruption = interruption } } catch let failure as ApplyFailure {
                    caught.mutate { $0 = failure }
                } catch {}
            }
            try waitUntil("apply runs pg_sleep") { try Self.sleeping(on: watcher) }
            #expect(interruption.request())
            done.wait()
            let failure = try #require(caught.value)
            #expect(failure.kind == .interrupted)
            #expect(failure.location?.line == 3)
            #expect(failure.notes.contains { $0.hasPrefix("\(entry.id) is recorded as applied but incomplete") }, "\(failure)")
            #expect(try watcher.query(
                "SELECT complete FROM negentropy.strata_version WHERE revision = '\(entry.id)'") == [["f"]])
        }
    }

    @Test func anInterruptBetweenStatementsStopsBeforeTheNextOne() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        let interruption = ApplyInterruption()
        try TestDatabase.with { database in
            // Requested before the run: the first statement is where it stops, nothing is left open.
            _ = interruption.request()
            var failure: ApplyFailure?
            do { try apply(bundle, to: .head, on: database) { $0.interruption = interruption } } catch let caught as ApplyFailure {
                failure = caught
            }
            let stopped = try #require(failure)
            #expect(stopped.kind == .interrupted)
            #expect(stopped.message == "interrupted (Ctrl-C or SIGTERM) before this statement ran")
            #expect(stopped.kind.exitCode == 130)
            let connection = try database.connect()
            #expect(try versionRows(connection) == [])
        }
    }
}
