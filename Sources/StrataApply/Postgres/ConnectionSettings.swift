import Foundation

/// Where to connect: a URL (from `--url`, else `DATABASE_URL`), or libpq's own environment
/// (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSERVICE`, `~/.pgpass`).
///
/// The URL (or `key=value` conninfo) is handed to libpq untouched through `PQconnectdbParams` with
/// `expand_dbname = 1`; strata never builds a conninfo string. Nothing here prints a password.
public struct ConnectionSettings: Sendable, Equatable {
    /// How the target was chosen.
    public enum Source: Sendable, Equatable {
        /// `--url` on the command line.
        case commandLine
        /// The `DATABASE_URL` environment variable.
        case databaseURLVariable
        /// libpq's `PG*` environment variables and service file.
        case libpqEnvironment
    }

    public let source: Source
    /// The URL or conninfo string given to libpq; nil for `.libpqEnvironment`.
    let connectionString: String?
    /// `application_name` unless the URL sets one (shown in `pg_stat_activity`, e.g. by lock waits).
    public var applicationName: String
    let redactor: Redactor
    let environmentSummary: String
    /// `connect_timeout` strata passes unless `PGCONNECT_TIMEOUT` is set (a URL's own
    /// `connect_timeout` overrides it): without one, a server that accepts the connection but
    /// never answers makes every online command wait forever.
    let defaultConnectTimeout: String?
    public static let defaultConnectTimeoutSeconds = 10

    /// Picks `url` if given, else `DATABASE_URL` from `environment` (default: the process's),
    /// else libpq's environment.
    public static func resolve(
        url: String?, environment: [String: String]? = nil
    ) -> ConnectionSettings {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let url, !url.isEmpty {
            return ConnectionSettings(source: .commandLine, connectionString: url, environment: environment)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return ConnectionSettings(source: .databaseURLVariable, connectionString: url, environment: environment)
        }
        return ConnectionSettings(source: .libpqEnvironment, connectionString: nil, environment: environment)
    }

    /// Settings for an explicit URL (or conninfo string), as if given with `--url`.
    /// `environment` defaults to the process environment (read for `PGPASSWORD`, to scrub it).
    public init(url: String, environment: [String: String]? = nil) {
        self.init(
            source: .commandLine, connectionString: url,
            environment: environment ?? ProcessInfo.processInfo.environment)
    }

    private init(source: Source, connectionString: String?, environment: [String: String]) {
        self.source = source
        self.connectionString = connectionString
        self.applicationName = "strata"
        var secrets: [String] = []
        if let connectionString { secrets += ConnectionSettings.passwords(in: connectionString) }
        // libpq may read PGPASSWORD whichever source is used.
        if let pw = environment["PGPASSWORD"] { secrets.append(pw) }
        self.redactor = Redactor(secrets: secrets)
        let keys = ["PGSERVICE", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER"]
        let parts = keys.compactMap { key in environment[key].map { "\(key)=\($0)" } }
        self.environmentSummary = parts.isEmpty ? "libpq defaults" : parts.joined(separator: " ")
        self.defaultConnectTimeout = environment["PGCONNECT_TIMEOUT"] == nil ? String(Self.defaultConnectTimeoutSeconds) : nil
    }

    /// The target without its password: `postgresql://user:********@host:5432/db`.
    public var redactedDescription: String {
        guard let connectionString else { return "libpq environment (\(environmentSummary))" }
        return redactor.scrub(ConnectionSettings.maskingPasswordSyntax(in: connectionString))
    }

    /// Removes secrets from any text (for messages built outside this layer).
    public func scrub(_ text: String) -> String { redactor.scrub(text) }

    // MARK: - Password discovery

    /// Everything that may be a password in a URI or conninfo string, well-formed or not, both raw
    /// and percent-decoded, since libpq may echo either: the userinfo part after a `:` up to the
    /// `@` (and its pieces: libpq splits a malformed one elsewhere and may echo a fragment), and
    /// the value of any password-like key, whatever its case.
    static func passwords(in text: String) -> [String] {
        var found: [String] = []
        if let range = userInfoSecretRange(in: text) {
            let secret = String(text[range])
            found.append(secret)
            found += secret.split(whereSeparator: { "@/:?#&=".contains($0) }).map(String.init).filter { $0.count >= 2 }
        }
        found += passwordKeys.flatMap { parameterValues(named: $0, in: text) }
        return found.flatMap { [$0, $0.removingPercentEncoding ?? $0] }
    }

    static let passwordKeys = ["password", "passwd", "pwd"]

    /// Where the userinfo password is: from the first `:` after the scheme's `://` (or after the
    /// start, for `postgres:u:pw@host` with the `//` missing) up to the `@` that ends the userinfo.
    /// That `@` is the last one before the query (`?`), else the last one at all, so a malformed
    /// `u:pa@ss@host` or `u:pa/ss@host` is covered whole. Errs on the side of hiding too much.
    private static func userInfoSecretRange(in text: String) -> Range<String.Index>? {
        let query = text.firstIndex(of: "?") ?? text.endIndex
        guard let at = text[..<query].lastIndex(of: "@") ?? text.lastIndex(of: "@") else { return nil }
        var start = text.startIndex
        if let scheme = text.range(of: "://"), scheme.upperBound <= at { start = scheme.upperBound }
        guard let colon = text[start..<at].firstIndex(of: ":") else { return nil }
        let from = text.index(after: colon)
        return from < at ? from..<at : nil
    }

    /// Values of `name=value` in a URI query or a conninfo string (quoted conninfo values included).
    private static func parameterValues(named name: String, in text: String) -> [String] {
        var values: [String] = []
        var searchStart = text.startIndex
        while let range = text.range(of: name, options: .caseInsensitive, range: searchStart..<text.endIndex) {
            searchStart = range.upperBound
            var index = range.upperBound
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            guard index < text.endIndex, text[index] == "=" else { continue }
            index = text.index(after: index)
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            var value = ""
            if index < text.endIndex, text[index] == "'" {
                index = text.index(after: index)
                let rawStart = index
                while index < text.endIndex, text[index] != "'" {
                    if text[index] == "\\", text.index(after: index) < text.endIndex { index = text.index(after: index) }
                    value.append(text[index])
                    index = text.index(after: index)
                }
                // The escaped spelling too: it is what appears in the text itself.
                values.append(String(text[rawStart..<index]))
            } else {
                while index < text.endIndex, !" &".contains(text[index]) {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            }
            values.append(value)
        }
        return values
    }

    /// The text with the userinfo password and any password-like value replaced by the mask.
    private static func maskingPasswordSyntax(in text: String) -> String {
        var masked = text
        if let range = userInfoSecretRange(in: text) { masked.replaceSubrange(range, with: Redactor.mask) }
        return Redactor(secrets: passwordKeys.flatMap { parameterValues(named: $0, in: text) }).scrub(masked)
    }
}
