import ArgumentParser

/// `--progress`: progress lines on stderr even when stderr is not a terminal.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Show progress on stderr even when stderr is not a terminal.")
    var progress = false
}
