import Foundation
import StrataTestSupport
import Testing

@testable import StrataApply

/// A fresh, uniquely named database on the test server (`TestServer`), dropped afterwards.
/// Tests that use it carry the `.requiresDatabase` trait.
struct TestDatabase: Sendable {
    /// The database's name, e.g. `strata_test_1a2b3c4d5e6f`.
    let name: String
    /// Superuser URL for this database.
    let url: String
    /// URL for this database as the non-superuser role `strata_app`, when the server has one.
    let appURL: String?

    /// Creates a database, runs `body` with it, and drops it (also when `body` throws).
    static func with<R>(_ body: (TestDatabase) throws -> R) throws -> R {
        let serverURL = try TestServer.requireURL()
        let name = "strata_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let admin = try Connection(settings: ConnectionSettings(url: serverURL))
        _ = try admin.execute("CREATE DATABASE \(name)")
        if let app = TestServer.appURL, let role = TestServer.user(in: app) {
            _ = try admin.execute("GRANT ALL ON DATABASE \(name) TO \(role)")
        }
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let database = TestDatabase(
            name: name, url: TestServer.url(serverURL, database: name),
            appURL: TestServer.appURL.map { TestServer.url($0, database: name) })
        return try body(database)
    }

    /// Settings for this database.
    var settings: ConnectionSettings { ConnectionSettings(url: url) }

    /// A new superuser connection to this database.
    func connect() throws(PostgresError) -> Connection { try Connection(settings: settings) }

    /// Runs psql against this database with `arguments` (and `-X -v ON_ERROR_STOP=1`), feeding
    /// `input` on stdin; returns the exit status and both outputs.
    func psql(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ProcessCapture.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [TestServer.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments, input: input)
        return (result.status, result.stdout, result.stderr)
    }
}

extension Connection {
    /// All rows of `sql` as text (a copyable value, usable inside `#expect`).
    func query(_ sql: String) throws(PostgresError) -> [[String?]] { try execute(sql).rows }
}
