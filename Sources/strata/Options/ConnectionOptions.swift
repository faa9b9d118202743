import ArgumentParser
import StrataApply

/// `--url`: where the database is. Without it, `DATABASE_URL`, else libpq's own environment
/// (`PGHOST`, `PGUSER`, `PGSERVICE`, ...). The URL is handed to libpq as is and never printed
/// with its password.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostgreSQL connection URL or conninfo (default: $DATABASE_URL, else libpq's PG* environment).",
            valueName: "URL"))
    var url: String?

    init() {}

    init(url: String?) { self.url = url }

    /// The settings the library connects with.
    var settings: ConnectionSettings { ConnectionSettings.resolve(url: url) }
}
