/// Renders diagnostics for a terminal: `file:line:col: error: message`, the source line with a
/// caret under the column, then each note (with its own snippet when it has a location).
///
/// `sources` maps a `SourceLocation.file` to the file's bytes. Output is deterministic; with
/// `color` false it contains no escape codes.
public func renderDiagnostics(_ diagnostics: [Diagnostic], sources: [String: [UInt8]], color: Bool) -> String {
    var renderer = DiagnosticRenderer(sources: sources, color: color)
    var output = ""
    for diagnostic in diagnostics {
        output += renderer.render(diagnostic.severity, diagnostic.message, at: diagnostic.location)
        for note in diagnostic.notes {
            output += renderer.render(.note, note.message, at: note.location)
        }
    }
    return output
}

/// Holds the split source lines so each file is decoded once per rendering.
private struct DiagnosticRenderer {
    let sources: [String: [UInt8]]
    let color: Bool
    var lines: [String: [Substring]] = [:]

    init(sources: [String: [UInt8]], color: Bool) {
        self.sources = sources
        self.color = color
    }

    mutating func render(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation?) -> String {
        var text = ""
        if let location { text += paint("\(location): ", bold: true) }
        text += paint(severity.rawValue + ":", code: colorCode(severity), bold: true)
        text += paint(" " + message, bold: severity != .note) + "\n"
        if let location, let line = sourceLine(location) {
            let gutter = String(location.line)
            let pad = String(repeating: " ", count: gutter.count)
            text += " \(gutter) | \(line)\n"
            // Keep tabs so the caret lines up under tab-indented text.
            let prefix = line.unicodeScalars.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }
            text += " \(pad) | " + prefix.joined() + paint("^", code: colorCode(severity), bold: true) + "\n"
        }
        return text
    }

    mutating func sourceLine(_ location: SourceLocation) -> Substring? {
        if lines[location.file] == nil {
            guard let bytes = sources[location.file] else { return nil }
            var text = String(decoding: bytes, as: UTF8.self)
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }  // a BOM is no column
            lines[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasSuffix("\r") ? $0.dropLast() : $0
            }
        }
        guard let fileLines = lines[location.file], location.line >= 1, location.line <= fileLines.count else {
            return nil
        }
        return fileLines[location.line - 1]
    }

    func colorCode(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "31"
        case .warning: return "35"
        case .note: return "36"
        }
    }

    func paint(_ text: String, code: String? = nil, bold: Bool = false) -> String {
        guard color else { return text }
        var codes: [String] = []
        if bold { codes.append("1") }
        if let code { codes.append(code) }
        guard !codes.isEmpty else { return text }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}
