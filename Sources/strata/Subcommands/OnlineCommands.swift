import ArgumentParser

/// The subcommands that talk to a database (apply, status, stamp, drift, ...).
let onlineSubcommands: [any ParsableCommand.Type] = [Apply.self, Status.self, Drift.self, Stamp.self]
