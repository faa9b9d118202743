@testable import StrataCore

/// Source text with emoji location markers (1️⃣, 2️⃣, …) removed and their positions recorded,
/// in the convention of `SourceLocation`: 1-based line and column, column in Unicode scalars.
struct MarkedText {
    let text: String
    let markers: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var markers: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            // A keycap emoji is digit + U+FE0F + U+20E3.
            if ("0"..."9").contains(scalar), i + 2 < scalars.count, scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" {
                markers[String(scalar) + "\u{FE0F}\u{20E3}"] = (line, column)
                i += 3
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        self.text = text
        self.markers = markers
    }

    /// The location of `marker` in `file`.
    func location(_ marker: String, file: String = "schema.yaml") -> SourceLocation {
        let position = markers[marker]!
        return SourceLocation(file: file, line: position.line, column: position.column)
    }

    var bytes: [UInt8] { Array(text.utf8) }
}

/// Loads inline YAML files; returns the schema and every diagnostic.
func load(_ files: [(String, String)]) -> (Schema?, [Diagnostic]) {
    var diagnostics = DiagnosticCollector()
    let schema = loadSchema(files.map { SourceFile(path: $0.0, contents: Array($0.1.utf8)) }, diagnostics: &diagnostics)
    return (schema, diagnostics.diagnostics)
}

/// Loads one inline YAML file named `schema.yaml`.
func load(_ yaml: String) -> (Schema?, [Diagnostic]) { load([("schema.yaml", yaml)]) }

/// The standard settings block for snippet tests.
let settingsBlock = """
    schema:
      name: app
      extensions: [vector]

    """
