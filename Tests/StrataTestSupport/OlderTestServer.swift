public import Foundation
public import Testing

/// The older servers of the compatibility suite, as scripts/test.sh exports them (scripts/pg.sh
/// `start 16` and `start 15`): PostgreSQL 16.2 with pgvector 0.6.2, and PostgreSQL 15 without
/// pgvector. Like `TestServer`, a test that needs one is skipped without its URL, unless
/// `STRATA_TEST_REQUIRE_DB=1`, when it runs and fails.
public struct OlderTestServer: Sendable {
    /// The major version: 16 or 15.
    public let major: Int

    public static let pg16 = OlderTestServer(major: 16)
    public static let pg15 = OlderTestServer(major: 15)

    /// Superuser URL to database `postgres`.
    public var url: String? { nonEmpty("STRATA_TEST_PG\(major)_DATABASE_URL") }
    /// The server's own psql (a DBA at a site runs the release script with it).
    public var psql: String { nonEmpty("STRATA_TEST_PG\(major)_PSQL") ?? TestServer.psql }
    public var shouldRun: Bool { url != nil || TestServer.isRequired }

    public func requireURL() throws -> String {
        guard let url else { throw Missing(major: major) }
        return url
    }

    private func nonEmpty(_ key: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[key], !value.isEmpty else { return nil }
        return value
    }

    public struct Missing: Error, CustomStringConvertible {
        public let major: Int
        public var description: String {
            "STRATA_TEST_REQUIRE_DB=1 but STRATA_TEST_PG\(major)_DATABASE_URL is not set; run scripts/test.sh"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when the older test server `server` is configured (or required).
    public static func requires(_ server: OlderTestServer) -> Self {
        .enabled(if: server.shouldRun, "STRATA_TEST_PG\(server.major)_DATABASE_URL is not set (run scripts/test.sh)")
    }
}
