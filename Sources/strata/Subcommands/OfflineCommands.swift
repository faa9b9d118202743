import ArgumentParser

/// The subcommands that need no database (compile, check, diff, verify, ...).
let offlineSubcommands: [any ParsableCommand.Type] = []
