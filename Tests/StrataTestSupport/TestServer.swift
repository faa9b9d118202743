public import Foundation
public import Testing

/// The throwaway PostgreSQL server scripts/pg.sh starts, as scripts/test.sh exports it.
///
/// `STRATA_TEST_DATABASE_URL` is a superuser URL to database `postgres`. Tests that need it carry
/// the `.requiresDatabase` trait: without the URL they are skipped, unless `STRATA_TEST_REQUIRE_DB=1`
/// (set by scripts/test.sh and CI), in which case they run and fail.
public enum TestServer {
    public static var url: String? { nonEmpty("STRATA_TEST_DATABASE_URL") }
    public static var appURL: String? { nonEmpty("STRATA_TEST_APP_DATABASE_URL") }
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["STRATA_TEST_REQUIRE_DB"] == "1" }
    /// True when database tests should run (so a required but missing server fails instead of skipping).
    public static var shouldRun: Bool { url != nil || isRequired }
    /// The psql to run (scripts/pg.sh's), else the one on PATH.
    public static var psql: String { nonEmpty("STRATA_TEST_PSQL") ?? "psql" }

    /// The server URL, or `Missing` when it is required but not set.
    public static func requireURL() throws -> String {
        guard let url else { throw Missing() }
        return url
    }

    /// Replaces the database path of a `postgresql://` URL, keeping any `?query`.
    public static func url(_ base: String, database: String) -> String {
        guard let scheme = base.range(of: "://") else { return base }
        let rest = base[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let query = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(base[..<authorityEnd]) + "/" + database + query
    }

    /// The user name in a `postgresql://user:pw@host/db` URL.
    public static func user(in url: String) -> String? {
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
    public struct Missing: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "STRATA_TEST_REQUIRE_DB=1 but STRATA_TEST_DATABASE_URL is not set; run scripts/test.sh"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when a test server is configured (or required: then it fails without one).
    public static var requiresDatabase: Self {
        .enabled(if: TestServer.shouldRun, "STRATA_TEST_DATABASE_URL is not set (run scripts/test.sh)")
    }
}
