import Testing
@testable import StrataApply
import StrataTestSupport

/// Passwords never appear in descriptions or error messages.
@Suite struct RedactionTests {
    @Test func redactedDescriptionHidesTheURLPassword() {
        let settings = ConnectionSettings(url: "postgresql://app:s%40cret@db.example:5432/prod?sslmode=require", environment: [:])
        #expect(settings.redactedDescription == "postgresql://app:********@db.example:5432/prod?sslmode=require")
        #expect(settings.scrub("failed for s@cret and s%40cret") == "failed for ******** and ********")
    }

    @Test func redactedDescriptionHidesQueryAndConninfoPasswords() {
        let query = ConnectionSettings(url: "postgresql://db/prod?user=app&password=hunter2&sslmode=disable", environment: [:])
        #expect(query.redactedDescription == "postgresql://db/prod?user=app&password=********&sslmode=disable")
        let conninfo = ConnectionSettings(url: "host=db user=app password='it\\'s secret' dbname=prod", environment: [:])
        #expect(!conninfo.redactedDescription.contains("secret"))
    }

    @Test func resolvesURLThenDatabaseURLThenLibpqEnvironment() {
        let environment = ["DATABASE_URL": "postgresql://env@h/db", "PGHOST": "pghost", "PGPASSWORD": "pgpw"]
        #expect(ConnectionSettings.resolve(url: "postgresql://flag@h/db", environment: environment).source == .commandLine)
        #expect(ConnectionSettings.resolve(url: nil, environment: environment).source == .databaseURLVariable)
        let libpq = ConnectionSettings.resolve(url: nil, environment: ["PGHOST": "pghost", "PGPASSWORD": "pgpw"])
        #expect(libpq.source == .libpqEnvironment)
        #expect(libpq.redactedDescription == "libpq environment (PGHOST=pghost)")
        #expect(libpq.scrub("pw is pgpw") == "pw is ********")
    }

    @Test(.requiresDatabase) func wrongPasswordErrorDoesNotLeakIt() throws {
        let server = try #require(TestServer.url)
        let user = try #require(TestServer.user(in: server))
        let host = try #require(server.split(separator: "@").last.map { String($0) })
        let secret = "Wr0ng-Pa55word-Zq9"
        let url = "postgresql://\(user):\(secret)@\(host)"
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection(settings: ConnectionSettings(url: url, environment: [:]))
        }
        #expect(error.kind == .connection)
        #expect(error.message.contains("password authentication failed"))
        #expect(!error.description.contains(secret))
        #expect(error.message.contains("********"))
    }

    @Test func unreachablePortErrorDoesNotLeakIt() throws {
        let secret = "Unre4chable-Secret-77"
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection(settings: ConnectionSettings(url: "postgresql://app:\(secret)@127.0.0.1:1/db?connect_timeout=2", environment: [:]))
        }
        #expect(error.kind == .connection)
        #expect(!error.description.contains(secret))
        #expect(error.description.contains("127.0.0.1"))
    }

    @Test func malformedURLErrorDoesNotLeakIt() throws {
        let secret = "Malf0rmed-Secret-55"
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection(settings: ConnectionSettings(url: "postgresql://app:\(secret)@127.0.0.1:notaport/db", environment: [:]))
        }
        #expect(!error.description.contains(secret))
    }
}
