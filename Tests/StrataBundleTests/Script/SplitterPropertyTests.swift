import Foundation
import Testing
@testable import StrataBundle
import StrataTestSupport

/// Random scripts built from tricky tokens split back into exactly the statements they came from,
/// in any chunking.
@Suite struct SplitterPropertyTests {
    /// Tokens that may contain `;`, quotes, dollars and comment markers, each lexing as one unit.
    static let tokens = [
        "select", "foo", "bar_1", "a$b$c", "x$", "42", "3.14", "1e5", "$1", "$2", "::int", "+", "-", "*", "/", ",",
        "'plain ; text'", "'it''s;'", "''", "E'esc \\' ; \\\\'", "e'\\n;'", "U&'\\0061;'", "U&\"id;\"", "B'1;0'",
        "X'1F;'", "N'n;'", "\"semi;colon\"", "\"q\"\"uote;\"", "$$ dollar ; body $$", "$fn$ a $$ ; $$ b ; $fn$",
        "$a$;$b$;$a$", "/* c ; */", "/* a /* nested ; */ b */", "/* a /* b */ ; */", "-- line ; comment\n", "(1; 2)", "(a, (b; c))",
        "ä", "\"ünï;\"", "[1:2]", ":name", "$x$$x$",
    ]
    static let separators = [";\n", "; ", ";\n\n", "; -- after ;\n", ";\n/* between ; */\n", ";;\n", ";\r\n", ";\t"]

    static func randomScript(using generator: inout SeededGenerator) -> (script: String, statements: [String]) {
        var statements: [String] = []
        var script = ""
        let count = Int.random(in: 1...6, using: &generator)
        for index in 0..<count {
            var parts = [["select", "foo", "bar_1", "a$b$c"].randomElement(using: &generator)!]
            for _ in 0..<Int.random(in: 0...8, using: &generator) { parts.append(tokens.randomElement(using: &generator)!) }
            var statement = parts.joined(separator: " ")
            while let last = statement.last, last.isWhitespace { statement.removeLast() }
            statements.append(statement)
            if Bool.random(using: &generator) { script += ["\n", "  ", "-- lead ; in\n", "/* lead */ "].randomElement(using: &generator)! }
            script += statement
            let isLast = index == count - 1
            if !isLast || Bool.random(using: &generator) {
                // A trailing line comment must be closed by a newline before the separator's `;`.
                if statement.hasSuffix("\n") || parts.last!.hasPrefix("--") { script += "\n" }
                script += separators.randomElement(using: &generator)!
            } else if parts.last!.hasPrefix("--") {
                script += "\n"
            }
        }
        return (script, statements)
    }

    @Test(arguments: [UInt64(1), 7, 42, 2026, 9_000_001])
    func randomScriptsSplitIntoTheirStatements(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let (script, expected) = Self.randomScript(using: &generator)
            let texts = try splitTexts(script)
            #expect(texts == expected, "script: \(script.debugDescription)")
            if texts != expected { return }
        }
    }

    @Test func everyChunkSizeGivesTheSameEvents() throws {
        let script = """
            \u{FEFF}-- strata:no-transaction
            CREATE INDEX CONCURRENTLY "i;x" ON t (a);
            select E'a\\'' -- c
              'b;\\'', $fn$ ; $$ $fn$, U&'\\0061', /* x /* y ; */ */ 'ä;ö';
            create or replace function f() returns int language sql begin atomic select 1; select case when true then 2 end; end;
            COPY t (a) FROM STDIN;
            1\tä
            \\.x
            \\.
            select (1;
            2) -- tail
            """
        let bytes = Array(script.utf8)
        let reference = try splitInChunks(bytes, chunkSize: bytes.count)
        #expect(reference.count == 7)
        for size in 1..<bytes.count {
            let events = try splitInChunks(bytes, chunkSize: size)
            #expect(events == reference, "chunk size \(size)")
            if events != reference { return }
        }
    }

    @Test func scriptReaderReadsAFileInChunks() throws {
        let directory = try Scratch.directory("reader")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("0001_x.up.sql")
        var script = ""
        for index in 0..<3000 { script += "-- statement \(index)\nINSERT INTO t VALUES (\(index), $$;\(index);$$);\n" }
        try Data(script.utf8).write(to: file)
        var reader = try ScriptReader(url: file, chunkSize: 4096)
        let events = try reader.readAll()
        #expect(events.count == 3000)
        guard case .statement(let last) = events.last else {
            Issue.record("expected a statement")
            return
        }
        #expect(last.text == "INSERT INTO t VALUES (2999, $$;2999;$$)")
        #expect(last.startLine == 6000)
        #expect(try reader.nextEvent() == nil)
    }

    @Test func missingFileIsAScriptError() {
        #expect(throws: ScriptError.self) { try ScriptReader(url: URL(fileURLWithPath: "/nonexistent/strata.sql")) }
    }
}
