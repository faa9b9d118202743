import Testing
@testable import StrataCore

/// Mangled schemas never crash the loader: each either loads or reports at least one error,
/// and every located diagnostic points inside the file.
@Suite struct RobustnessTests {
    /// A fixed linear congruential generator, so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func mutatedSpecExampleNeverCrashes() {
        let original = Array(LoadSchemaTests.specExample.utf8)
        let alphabet = Array("{}[]:,-&*!|>'\"# \n\tabcxyz019_.()".utf8) + [0xC3, 0xFF]
        var generator = Generator(state: 42)
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + generator.next(4)) {
                let position = generator.next(bytes.count)
                switch generator.next(3) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(alphabet[generator.next(alphabet.count)], at: position)
                default: bytes[position] = alphabet[generator.next(alphabet.count)]
                }
            }
            var diagnostics = DiagnosticCollector()
            let schema = loadSchema([SourceFile(path: "m.yaml", contents: bytes)], diagnostics: &diagnostics)
            #expect(schema != nil || diagnostics.hasErrors)
            let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            for diagnostic in diagnostics.diagnostics {
                if let location = diagnostic.location {
                    #expect(location.line >= 1 && location.line <= lineCount + 1)
                }
            }
            _ = renderDiagnostics(diagnostics.sorted, sources: ["m.yaml": bytes], color: false)
        }
    }
}
