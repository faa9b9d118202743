public import StrataBundle
import StrataCore

/// What the server offers against what the pending revisions need (SPEC §3.2), checked before any
/// statement runs: `server_version_num`, and per required extension the version installed in this
/// database, or the one `CREATE EXTENSION` would install (`pg_available_extensions.default_version`).
public struct VersionPreflight: Sendable {
    /// The revisions the move runs up, oldest first.
    public var revisions: [RevisionRequirements]

    public init(revisions: [RevisionRequirements]) {
        self.revisions = revisions
    }

    /// What the server reports.
    public struct ServerVersions: Sendable {
        /// `server_version_num` (`160002`).
        public var versionNumber: Int
        /// `server_version` (`16.2`).
        public var version: String
        /// Per extension name: the installed version and the default one available.
        public var extensions: [String: (installed: String?, available: String?)]

        public init(versionNumber: Int, version: String, extensions: [String: (installed: String?, available: String?)]) {
            self.versionNumber = versionNumber
            self.version = version
            self.extensions = extensions
        }

        public var major: Int { versionNumber / 10000 }

        /// One query per extension the revisions need (pgvector alone, in practice).
        public static func read(extensions names: [String], on connection: borrowing Connection) throws(PostgresError)
            -> ServerVersions
        {
            let server = try connection.execute(
                "SELECT current_setting('server_version_num'), current_setting('server_version')")
            var extensions: [String: (installed: String?, available: String?)] = [:]
            for name in names {
                let row = try connection.execute(
                    """
                    SELECT (SELECT extversion FROM pg_extension WHERE extname = $1),
                           (SELECT default_version FROM pg_available_extensions WHERE name = $1)
                    """, parameters: [name])
                extensions[name] = (row.value(row: 0, column: 0), row.value(row: 0, column: 1))
            }
            return ServerVersions(
                versionNumber: Int(server.value(row: 0, column: 0) ?? "") ?? 0,
                version: server.value(row: 0, column: 1) ?? "?", extensions: extensions)
        }
    }

    /// The extensions any revision needs a version of.
    public var extensionNames: [String] {
        Array(Set(revisions.flatMap { $0.requirements.extensions.map(\.name) })).sorted()
    }

    /// One line per revision and version that falls short, naming the constructs; empty when the
    /// server has everything. strata's own floor (its version table) comes first.
    public func shortfalls(on server: ServerVersions) -> [String] { shortfallDetails(on: server).map(\.line) }

    /// A shortfall with what it is about: the revision (nil for strata's floor) and the extension
    /// (nil for PostgreSQL).
    struct Shortfall {
        var line: String
        var revision: ChainEntry?
        var extensionName: String?
    }

    func shortfallDetails(on server: ServerVersions) -> [Shortfall] {
        var lines: [Shortfall] = []
        if server.major < VersionTargets.oldestPostgres {
            lines.append(
                Shortfall(
                    line: "strata needs PostgreSQL \(VersionTargets.oldestPostgres) or later (its version table uses "
                        + "UNIQUE NULLS NOT DISTINCT); this server is PostgreSQL \(server.version)"))
        }
        for revision in revisions {
            let requirements = revision.requirements
            if let postgres = requirements.postgres, postgres.version > server.major {
                let short = postgres.needs.filter { (Int($0.version) ?? 0) > server.major }
                lines.append(
                    Shortfall(
                        line: "\(revision.revision.id) needs PostgreSQL \(postgres.version) for "
                            + short.map(\.described).joined(separator: ", ")
                            + "; this server is PostgreSQL \(server.version)" + sourceNote(revision),
                        revision: revision.revision))
            }
            for requirement in requirements.extensions {
                guard let needed = ExtensionVersion(requirement.version), let offered = server.extensions[requirement.name]
                else { continue }
                let display = ExtensionNames.display(requirement.name)
                let has: String
                let version: ExtensionVersion
                if let installed = offered.installed.flatMap(ExtensionVersion.init) {
                    version = installed
                    has = "this database has extension \(requirement.name) \(installed) installed"
                } else if let available = offered.available.flatMap(ExtensionVersion.init) {
                    version = available
                    has = "CREATE EXTENSION \(requirement.name) would install \(available), the server's default version"
                } else {
                    // Not available at all: the extension preflight says what to install.
                    continue
                }
                guard version < needed else { continue }
                let short = requirement.needs.filter { use in ExtensionVersion(use.version).map { version < $0 } ?? false }
                lines.append(
                    Shortfall(
                        line: "\(revision.revision.id) needs \(display) \(requirement.version) for "
                            + short.map(\.described).joined(separator: ", ") + "; \(has)" + sourceNote(revision),
                        revision: revision.revision, extensionName: requirement.name))
            }
        }
        return lines
    }

    func sourceNote(_ revision: RevisionRequirements) -> String {
        switch revision.source {
        case .recorded, .unknown: ""
        case .scanned: " (found in its script: it was compiled before requirements were recorded)"
        case .declared: " (declared by its hand-written script)"
        }
    }

    /// The refusal (exit 3, nothing run) when anything falls short.
    public func failure(on server: ServerVersions) -> ApplyFailure? {
        let details = shortfallDetails(on: server)
        guard !details.isEmpty else { return nil }
        var message = "cannot apply: nothing has been changed. The server falls short of what the pending revisions need:\n"
            + details.map { "  " + $0.line }.joined(separator: "\n")
        var advice: [String] = []
        for name in extensionNames where details.contains(where: { $0.extensionName == name }) {
            advice.append(
                "install a newer \(ExtensionNames.display(name)) on the database host (where the extension is already "
                    + "installed, a superuser then runs `ALTER EXTENSION \(Identifier.quotedIfNeeded(name)) UPDATE;` in this database)")
        }
        if details.contains(where: { $0.extensionName == nil }) {
            advice.append("upgrade the server to the PostgreSQL version named")
        }
        if let first = details.compactMap(\.revision).min(by: { $0.position < $1.position }), first.position > 1 {
            advice.append("or apply only the revisions before \(first.id) (`--to` the one before it)")
        }
        if !advice.isEmpty { message += "\nTo go on: " + advice.joined(separator: "; ") + "." }
        return ApplyFailure(.database, message)
    }

    /// Revisions whose requirements strata cannot know (hand-written, declaring none).
    public var unknown: [ChainEntry] { revisions.filter { $0.source == .unknown }.map(\.revision) }
}
