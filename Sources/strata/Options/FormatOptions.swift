import ArgumentParser

/// How a command writes its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// `--format text|json`: text for people; json is one object on stdout for CI (shapes in
/// docs/json-output.md), with diagnostics still on stderr.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: text, or json (one object on stdout; its shape is in docs/json-output.md).")
    var format: OutputFormat = .text

    var isJSON: Bool { format == .json }
}
