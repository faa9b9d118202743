import ArgumentParser

/// How a command writes its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// `--format text|json`: text for people; json is one object on stdout for CI (shapes in the
/// README), with diagnostics still on stderr.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: text, or json (one object on stdout; its shape is in the README).")
    var format: OutputFormat = .text

    var isJSON: Bool { format == .json }
}
