import StrataCore

/// Prints the pipeline's diagnostics on stderr: `file:line:col: error: message`, the source line
/// with a caret, then notes (StrataCore's renderer), coloured only on a terminal.
struct DiagnosticPrinter {
    /// The schema files by displayed path, so the renderer can quote source lines.
    var sources: [String: [UInt8]]

    init(files: [SourceFile]) {
        sources = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    /// `wroteNothing`: end with "nothing was written" (compile); check and diff never write.
    func print(_ diagnostics: [Diagnostic], wroteNothing: Bool = true) {
        guard !diagnostics.isEmpty else { return }
        Console.err(renderDiagnostics(diagnostics, sources: sources, color: Console.stderrSupportsColor))
        let errors = diagnostics.filter { $0.severity == .error }.reduce(0) { $0 + max($1.omitted, 1) }
        if errors > 0 {
            JSONOutput.record(errors: diagnostics.filter { $0.severity == .error }.map(\.description))
            Console.err("\(errors) error\(errors == 1 ? "" : "s")" + (wroteNothing ? "; nothing was written" : "") + "\n")
        }
    }
}
