import ArgumentParser

/// `--progress`: progress lines even when stdout is not a terminal.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Show progress on stderr even when stdout is not a terminal.")
    var progress = false
}
