import Foundation
import Testing
@testable import StrataApply

/// A fresh, uniquely named database on the test server (scripts/pg.sh), dropped afterwards.
///
/// The server comes from `STRATA_TEST_DATABASE_URL` (a superuser URL to database `postgres`).
/// Tests that need it carry the `.requiresDatabase` trait: without the URL they are skipped, unless
/// `STRATA_TEST_REQUIRE_DB=1` (set by scripts/test.sh and CI), in which case they run and fail.
struct TestDatabase: Sendable {
    /// The database's name, e.g. `strata_test_1a2b3c4d5e6f`.
    let name: String
    /// Superuser URL for this database.
    let url: String
    /// URL for this database as the non-superuser role `strata_app`, when the server has one.
    let appURL: String?

    static var serverURL: String? { nonEmpty("STRATA_TEST_DATABASE_URL") }
    static var appServerURL: String? { nonEmpty("STRATA_TEST_APP_DATABASE_URL") }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["STRATA_TEST_REQUIRE_DB"] == "1" }
    /// True when database tests should run (so a required but missing server fails instead of skipping).
    static var shouldRun: Bool { serverURL != nil || isRequired }

    /// Creates a database, runs `body` with it, and drops it (also when `body` throws).
    static func with<R>(_ body: (TestDatabase) throws -> R) throws -> R {
        guard let serverURL else { throw Missing() }
        let name = "strata_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let admin = try Connection(settings: ConnectionSettings(url: serverURL))
        _ = try admin.execute("CREATE DATABASE \(name)")
        if let app = appServerURL, let role = TestDatabase.user(in: app) {
            _ = try admin.execute("GRANT ALL ON DATABASE \(name) TO \(role)")
        }
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let database = TestDatabase(
            name: name, url: TestDatabase.url(serverURL, database: name),
            appURL: appServerURL.map { TestDatabase.url($0, database: name) })
        return try body(database)
    }

    /// Settings for this database.
    var settings: ConnectionSettings { ConnectionSettings(url: url) }

    /// A new superuser connection to this database.
    func connect() throws(PostgresError) -> Connection { try Connection(settings: settings) }

    /// The URL of `database` on the test server, as the superuser.
    static func urlForDatabase(_ database: String) throws -> String {
        guard let serverURL else { throw Missing() }
        return url(serverURL, database: database)
    }

    /// Runs psql against this database with `arguments` (and `-X -v ON_ERROR_STOP=1`), feeding
    /// `input` on stdin; returns the exit status and both outputs.
    func psql(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        let psql = ProcessInfo.processInfo.environment["STRATA_TEST_PSQL"] ?? "psql"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Replaces the database path of a `postgresql://` URL, keeping any `?query`.
    static func url(_ base: String, database: String) -> String {
        guard let scheme = base.range(of: "://") else { return base }
        let rest = base[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let query = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(base[..<authorityEnd]) + "/" + database + query
    }

    /// The user name in a `postgresql://user:pw@host/db` URL.
    static func user(in url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return nil }
        return String(rest[..<at].split(separator: ":", maxSplits: 1).first ?? "")
    }

    private static func nonEmpty(_ key: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[key], !value.isEmpty else { return nil }
        return value
    }

    /// Thrown when STRATA_TEST_REQUIRE_DB=1 but no server URL is set.
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "STRATA_TEST_REQUIRE_DB=1 but STRATA_TEST_DATABASE_URL is not set; run scripts/test.sh"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when a test server is configured (or required: then it fails without one).
    static var requiresDatabase: Self {
        .enabled(if: TestDatabase.shouldRun, "STRATA_TEST_DATABASE_URL is not set (run scripts/test.sh)")
    }
}

extension Connection {
    /// All rows of `sql` as text (a copyable value, usable inside `#expect`).
    func query(_ sql: String) throws(PostgresError) -> [[String?]] { try execute(sql).rows }
}
