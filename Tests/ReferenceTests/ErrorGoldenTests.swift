import Foundation
import Testing
import StrataCore

/// End-to-end error rendering: each `Errors/<name>.yaml` is loaded as the only schema file and
/// the rendered diagnostics (no colour, path shown as `Errors/<name>.yaml`) must equal
/// `Errors/<name>.stderr` byte for byte (`Golden.check`; `STRATA_RECORD=1` rewrites the goldens).
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
        let loaded = LoadedSchema([SourceFile(path: path, contents: Array(input))])
        #expect(loaded.schema == nil, "an error case must not load")
        #expect(loaded.diagnostics.contains { $0.severity == .error })
        let rendered = renderDiagnostics(loaded.diagnostics, sources: [path: Array(input)], color: false)
        Golden.check(rendered, against: Self.directory.appendingPathComponent(name + ".stderr"))
    }
}
