import Testing
@testable import StrataCore

@Suite struct DiagnosticRendererTests {
    let sources: [String: [UInt8]] = ["s.yaml": Array("a: 1\n\tb: xyz\n".utf8)]

    @Test func rendersLocationSnippetCaretAndNotes() {
        let diagnostic = Diagnostic.error(
            "bad value", at: SourceLocation(file: "s.yaml", line: 2, column: 5),
            notes: [Diagnostic.Note("first here", at: SourceLocation(file: "s.yaml", line: 1, column: 4)), Diagnostic.Note("try `x`")])
        #expect(renderDiagnostics([diagnostic], sources: sources, color: false) == """
            s.yaml:2:5: error: bad value
             2 | \tb: xyz
               | \t   ^
            s.yaml:1:4: note: first here
             1 | a: 1
               |    ^
            note: try `x`

            """)
    }

    @Test func suggestionsAreCloseAndShareSomething() {
        #expect(Suggestion.closest(to: "tiemstamptz", in: ["timestamptz", "time", "text"]) == ["timestamptz"])
        #expect(Suggestion.closest(to: "nme", in: ["name", "id", "kind"]) == ["name"])
        // Two edits on two letters replace the word: no suggestion.
        #expect(Suggestion.closest(to: "zz", in: ["id", "x", "e"]).isEmpty)
    }

    @Test func unlocatedAndUnknownFilesHaveNoSnippet() {
        let rendered = renderDiagnostics(
            [.error("no schema"), .error("elsewhere", at: SourceLocation(file: "other.yaml", line: 1, column: 1))],
            sources: sources, color: false)
        #expect(rendered == "error: no schema\nother.yaml:1:1: error: elsewhere\n")
    }

    @Test func colourOnlyWhenAsked() {
        let diagnostic = Diagnostic.error("bad", at: SourceLocation(file: "s.yaml", line: 1, column: 1))
        #expect(!renderDiagnostics([diagnostic], sources: sources, color: false).contains("\u{1B}["))
        #expect(renderDiagnostics([diagnostic], sources: sources, color: true).contains("\u{1B}[1;31merror:"))
    }
}
