import ArgumentParser

/// The subcommands that need no database (compile, check, diff, verify, ...).
let offlineSubcommands: [any ParsableCommand.Type] = [
    Strata.Compile.self, Strata.Check.self, Strata.Diff.self, Strata.Verify.self, Strata.Rehash.self,
    Strata.History.self, Strata.BundleCommand.self, Strata.Init.self,
]
