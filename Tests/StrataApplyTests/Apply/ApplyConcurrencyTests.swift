import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Statements outside transactions, concurrent runs, and runs killed halfway.
@Suite(.requiresDatabase, .serialized) struct ApplyConcurrencyTests {
    static let withConcurrentIndex = Schemas.v3.replacingOccurrences(
        of: "- { name: ix_memories_thread, columns: [thread_id] }",
        with: "- { name: ix_memories_thread, columns: [thread_id] }\n"
            + "      - { name: uq_memories_content, columns: [content], unique: true, concurrently: true }")

    // The concurrent build's failure, resume and down: RetrySafetyTests.

    @Test func singleTransactionRefusesNonTransactionalStatements() throws {
        var bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let entry = try bundle.compile(Self.withConcurrentIndex, message: "unique content")
        try TestDatabase.with { database in
            do {
                try apply(bundle, to: .head, on: database) { $0.singleTransaction = true }
                Issue.record("expected a refusal")
            } catch let failure as ApplyFailure {
                #expect(failure.kind == .badInput)
                #expect(failure.description.contains("--single-transaction is impossible"))
                #expect(failure.description.contains("\(entry.up.file):"))
            }
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'negentropy'") == [["0"]])
        }
    }

    @Test func twoConcurrentAppliesSerializeAndRunEachRevisionOnce() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.slowBackfill(seconds: 1)
        try TestDatabase.with { database in
            let results = Locked<[String]>([])
            let bundleCopy = bundle
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    let observer = RecordingObserver()
                    let outcome = try apply(bundleCopy, to: .head, on: database, observer: observer) {
                        $0.lockWait = 30
                    }
                    results.mutate { $0.append("steps \(outcome.plan.steps.count)") }
                } catch {
                    results.mutate { $0.append("error \(error)") }
                }
            }
            #expect(results.value.sorted() == ["steps 0", "steps 2"])
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM negentropy.runs") == [["1"]])
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
        }
    }

    @Test func runKilledMidRevisionContinuesOnTheNextRun() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.slowBackfill(seconds: 5)
        try bundle.compile(Schemas.v2, message: "memories")
        try TestDatabase.with { database in
            let first = try StrataBinary.start(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            let connection = try database.connect()
            // Wait until the slow revision is sleeping, then kill the process outright.
            try waitUntil("the slow revision sleeping", within: 20) {
                try connection.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        // apply sends a revision's body as batches: the sleep is one statement of one.
                        + "AND query LIKE '%SELECT pg_sleep(5)%'") == [["1"]]
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(try versionRows(connection) == [bundle.chain[0].id])

            let second = try StrataBinary.run(strata, ["apply", bundle.directory.path, "--to", "head", "--url", database.url])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            #expect(try connection.query("SELECT count(*) FROM negentropy.runs") == [["1"]])
        }
    }

    @Test func lostConnectionMidRevisionLeavesThePreviousRevisionAndTheNextRunContinues() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Schemas.v1, message: "threads")
        try bundle.handWritten(
            message: "slow backfill",
            up: "INSERT INTO negentropy.threads (title) VALUES ('backfilled');\nSELECT pg_sleep(3);\n",
            down: "DELETE FROM negentropy.threads;\n")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0001"), on: database)
            let killer = try database.connect()
            let outcome = Locked<String>("")
            let group = DispatchGroup()
            let bundleCopy = bundle
            DispatchQueue.global().async(group: group) {
                do {
                    try apply(bundleCopy, to: .head, on: database)
                    outcome.mutate { $0 = "finished" }
                } catch {
                    outcome.mutate { $0 = "\(error)" }
                }
            }
            try waitUntil("terminating the apply while it sleeps", within: 10) {
                try killer.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        + "AND query LIKE '%SELECT pg_sleep(3)%'") == [["t"]]
            }
            group.wait()
            #expect(outcome.value.contains("connection was lost during \(bundle.chain[1].id)"), "\(outcome.value)")
            #expect(outcome.value.contains("the database is still at \(bundle.chain[0].id)"), "\(outcome.value)")
            #expect(try versionRows(killer) == [bundle.chain[0].id])
            #expect(try killer.query("SELECT count(*) FROM negentropy.threads") == [["0"]])
            try apply(bundle, to: .head, on: database)
            #expect(try killer.query("SELECT title FROM negentropy.threads") == [["backfilled"]])
        }
    }

    @Test func passwordNeverAppearsWhenTheConnectionFails() throws {
        let strata = try #require(StrataBinary.url, "build the strata executable first (swift build)")
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        let serverURL = try #require(TestServer.url)
        let secret = "Sup3rSecretPw0rd"
        let wrong = serverURL.replacingOccurrences(
            of: "://strata:", with: "://strata:\(secret)") // an appended, wrong password
        for command in [["apply", bundle.directory.path, "--to", "head"], ["status", bundle.directory.path]] {
            let result = try StrataBinary.run(strata, command + ["--url", wrong])
            #expect(result.status == 3)
            #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
            #expect(result.stderr.contains("password authentication failed"), "\(result.stderr)")
            // One message, naming the target with the password masked.
            #expect(result.stderr.contains("could not connect to postgresql://strata:********@"), "\(result.stderr)")
            #expect(result.stderr.components(separatedBy: "strata:********@").count == 2, "\(result.stderr)")
        }
    }
}

/// The built `strata` executable, run as a subprocess.
enum StrataBinary {
    static var url: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/strata")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    static func start(_ url: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ url: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ProcessCapture.run(url, arguments)
        return (result.status, result.stdout, result.stderr)
    }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
