import Foundation
import Testing
import StrataCore

/// End-to-end error rendering: each `Errors/<name>.yaml` is loaded as the only schema file and
/// the rendered diagnostics (no colour, path shown as `Errors/<name>.yaml`) must equal
/// `Errors/<name>.stderr` byte for byte. `STRATA_RECORD=1` rewrites the goldens.
@Suite struct ErrorGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Errors")

    /// Case names, sorted; read from disk because the folder is excluded from the target.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }()

    @Test func casesExist() {
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: cases) func rendersErrors(_ name: String) throws {
        let input = try Data(contentsOf: Self.directory.appendingPathComponent(name + ".yaml"))
        let path = "Errors/\(name).yaml"
        var diagnostics = DiagnosticCollector()
        let schema = loadSchema([SourceFile(path: path, contents: Array(input))], diagnostics: &diagnostics)
        #expect(schema == nil, "an error case must not load")
        #expect(diagnostics.hasErrors)
        let rendered = renderDiagnostics(diagnostics.sorted, sources: [path: Array(input)], color: false)

        let goldenURL = Self.directory.appendingPathComponent(name + ".stderr")
        if ProcessInfo.processInfo.environment["STRATA_RECORD"] == "1" {
            try Data(rendered.utf8).write(to: goldenURL)
            return
        }
        let expected = String(decoding: (try? Data(contentsOf: goldenURL)) ?? Data(), as: UTF8.self)
        #expect(rendered == expected, "\(name).stderr differs (re-record with STRATA_RECORD=1):\n\(lineDiff(expected: expected, actual: rendered))")
    }
}

/// A minimal line diff: `-` expected lines missing from the output, `+` unexpected ones, in order.
private func lineDiff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    // Longest common subsequence table, small inputs only.
    var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
        for j in stride(from: new.count - 1, through: 0, by: -1) {
            table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    var lines: [String] = []
    var i = 0, j = 0
    while i < old.count || j < new.count {
        if i < old.count, j < new.count, old[i] == new[j] {
            lines.append("  " + old[i]); i += 1; j += 1
        } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
            lines.append("+ " + new[j]); j += 1
        } else {
            lines.append("- " + old[i]); i += 1
        }
    }
    return lines.joined(separator: "\n")
}
