/// Which database a command talks to, and the lock settings that come with it (SPEC §2.2):
/// `--url` > `-e NAME` > the project's `default_environment` > `DATABASE_URL` > libpq's `PG*`
/// variables and service. The environment chosen by `-e` (or the default one) lends its
/// `lock_timeout` and `wait` to whatever URL wins, unless the command's flags say otherwise.
public struct DatabaseChoice: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case commandLine
        /// An environment of `strata.yaml`, by name.
        case environment(String)
        case databaseURLVariable
        case libpqEnvironment
    }

    /// The URL or conninfo string; nil means libpq's own environment.
    public var url: String?
    public var origin: Origin
    public var lockTimeout: Double?
    public var wait: Double?

    /// libpq variables that name a server, a database or a service: any of them set means the
    /// user chose a database through libpq's environment.
    public static let libpqTargetVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    /// Chooses the database from the flags, the project file and the process environment.
    /// `requireDatabase: false` (history) returns nil instead of falling through to `DATABASE_URL`-less
    /// libpq defaults or failing when nothing is given.
    public static func choose(
        url: String?, environment name: String?, project: ProjectFile?, variables: [String: String],
        libpqFallback: Bool = true
    ) throws(DatabaseChoiceError) -> DatabaseChoice? {
        var environment: ProjectEnvironment?
        if let name {
            guard let project else { throw .noProjectFile(environment: name) }
            guard let found = project.environment(named: name) else {
                throw .unknownEnvironment(name, known: project.environments.map(\.name), project: project.path)
            }
            environment = found
        } else if let project, let name = project.defaultEnvironment {
            environment = project.environment(named: name)
        }
        func choice(_ url: String?, _ origin: Origin) -> DatabaseChoice {
            DatabaseChoice(url: url, origin: origin, lockTimeout: environment?.lockTimeout, wait: environment?.wait)
        }
        if let url, !url.isEmpty { return choice(url, .commandLine) }
        if let environment {
            switch environment.target {
            case .url(let url): return choice(url, .environment(environment.name))
            case .variable(let variable):
                guard let value = variables[variable], !value.isEmpty else {
                    throw .unsetVariable(environment: environment.name, variable: variable, declared: environment.location)
                }
                return choice(value, .environment(environment.name))
            }
        }
        if let url = variables["DATABASE_URL"], !url.isEmpty { return choice(url, .databaseURLVariable) }
        guard libpqFallback else { return nil }
        guard libpqTargetVariables.contains(where: { variables[$0].map { !$0.isEmpty } ?? false }) else {
            throw .noDatabase(project: project?.path)
        }
        return choice(nil, .libpqEnvironment)
    }
}

/// Why no database could be chosen; every case is bad input (exit 2).
public enum DatabaseChoiceError: Error, Equatable, Sendable, CustomStringConvertible {
    case noProjectFile(environment: String)
    case unknownEnvironment(String, known: [String], project: String)
    case unsetVariable(environment: String, variable: String, declared: SourceLocation)
    case noDatabase(project: String?)

    public var description: String {
        switch self {
        case .noProjectFile(let name):
            return "-e \(name): no \(ProjectFile.fileName) here or in any directory above; "
                + "run `strata init` to start one, or give the database with --url"
        case .unknownEnvironment(let name, let known, let project):
            var text = "-e \(name): \(project) has no environment `\(name)`"
            text += known.isEmpty ? " (it declares none)" : "; it has " + known.map { "`\($0)`" }.joined(separator: ", ")
            if let note = Suggestion.note(for: name, in: known) { text += "\n" + note.message }
            return text
        case .unsetVariable(let name, let variable, let declared):
            return "environment `\(name)` takes its URL from $\(variable) (\(declared)), which is not set; "
                + "export \(variable)=postgresql://... or pass --url"
        case .noDatabase(let project):
            var text = "no database given: pass --url postgresql://user@host:5432/dbname"
            text += project.map { ", -e NAME for an environment of \($0)" } ?? ", -e NAME for an environment of strata.yaml"
            text += ", or set DATABASE_URL (or libpq's PGHOST/PGDATABASE/PGSERVICE)"
            return text
        }
    }
}
