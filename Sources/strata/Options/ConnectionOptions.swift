import ArgumentParser
import Foundation
import StrataApply
import StrataCore

/// `--url` and `-e NAME`: where the database is (SPEC §2.2). `--url` wins, then `-e`, then the
/// project's `default_environment`, then `DATABASE_URL`, then libpq's own environment (`PGHOST`,
/// `PGUSER`, `PGSERVICE`, ...). The URL is handed to libpq as is and never printed with its password.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostgreSQL connection URL or conninfo (default: -e, else $DATABASE_URL, else libpq's PG* environment).",
            valueName: "URL"))
    var url: String?

    @Option(
        name: [.customShort("e"), .customLong("env")],
        help: ArgumentHelp("An environment of strata.yaml: its URL, lock_timeout and wait.", valueName: "NAME"))
    var environment: String?

    init() {}

    /// The database chosen and the settings to connect with; nil when `requireDatabase` is false
    /// and nothing names one. Every failure is bad input (exit 2), found before connecting.
    func resolve(requireDatabase: Bool = true) throws(ConnectionChoiceError) -> ResolvedConnection? {
        let project: ProjectFile?
        if url != nil && environment == nil {
            project = nil
        } else {
            do { project = try ProjectLookup.current() } catch { throw ConnectionChoiceError(message: nil) }
        }
        let choice: DatabaseChoice
        do {
            guard
                let chosen = try DatabaseChoice.choose(
                    url: url, environment: environment, project: project,
                    variables: ProcessInfo.processInfo.environment, libpqFallback: requireDatabase)
            else { return nil }
            choice = chosen
        } catch {
            throw ConnectionChoiceError(message: error.description)
        }
        let settings: ConnectionSettings
        switch choice.origin {
        case .commandLine, .environment: settings = ConnectionSettings(url: choice.url ?? "")
        case .databaseURLVariable, .libpqEnvironment: settings = ConnectionSettings.resolve(url: nil)
        }
        if let problem = settings.malformation {
            let from: String
            switch choice.origin {
            case .commandLine: from = "--url"
            case .environment(let name): from = "the URL of environment `\(name)`"
            case .databaseURLVariable: from = "DATABASE_URL"
            case .libpqEnvironment: from = "libpq's environment"
            }
            throw ConnectionChoiceError(
                message: "\(from) is malformed (\(problem)); expected postgresql://user@host:5432/dbname "
                    + "or a key=value conninfo string")
        }
        return ResolvedConnection(choice: choice, settings: settings)
    }
}

/// A chosen database: where it is and the environment's lock settings.
struct ResolvedConnection {
    var choice: DatabaseChoice
    var settings: ConnectionSettings
}

/// Why no database could be chosen (exit 2). `message` is nil when it was already printed
/// (the errors of strata.yaml itself).
struct ConnectionChoiceError: Error {
    var message: String?
}
