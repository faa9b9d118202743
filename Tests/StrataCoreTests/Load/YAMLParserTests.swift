import Testing
@testable import StrataCore

/// Pins the location convention: libyaml's 0-based marks become 1-based lines and 1-based
/// columns counted in Unicode scalars (not bytes, not grapheme clusters).
@Suite struct YAMLParserTests {
    @Test func marksAreOneBasedAndCountUnicodeScalars() throws {
        // "ключ" is 4 scalars but 8 bytes; the value starts at scalar column 7.
        var parser = try YAMLParser(bytes: Array("a: 1\nключ: значение\n".utf8))
        var scalars: [(String, YAMLMark)] = []
        while true {
            let (event, mark) = try parser.next()
            if case .streamEnd = event { break }
            if case .scalar(let value, _, _, _) = event { scalars.append((value, mark)) }
        }
        #expect(scalars.map(\.0) == ["a", "1", "ключ", "значение"])
        #expect(scalars.map(\.1) == [
            YAMLMark(line: 1, column: 1), YAMLMark(line: 1, column: 4),
            YAMLMark(line: 2, column: 1), YAMLMark(line: 2, column: 7),
        ])
    }

    @Test func markedTextUsesTheSameConvention() throws {
        let marked = MarkedText("a: 1\nключ: 1️⃣значение\n")
        var diagnostics = DiagnosticCollector()
        let root = try #require(composeYAML(file: "schema.yaml", bytes: marked.bytes, diagnostics: &diagnostics))
        guard case .mapping(let pairs) = root.content else { Issue.record("not a mapping"); return }
        #expect(pairs[1].value.location == marked.location("1️⃣"))
    }

    @Test func reportsScalarStylesAndTags() throws {
        var parser = try YAMLParser(bytes: Array("- plain\n- 'single'\n- \"double\"\n- !!str tagged\n".utf8))
        var styles: [YAMLEvent.ScalarStyle] = []
        var tags: [String?] = []
        while true {
            let (event, _) = try parser.next()
            if case .streamEnd = event { break }
            if case .scalar(_, let style, _, let tag) = event {
                styles.append(style)
                tags.append(tag)
            }
        }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .plain])
        #expect(tags == [nil, nil, nil, "tag:yaml.org,2002:str"])
    }

    @Test func syntaxErrorsCarryLibYAMLsProblemAndMark() throws {
        var parser = try YAMLParser(bytes: Array("a: [1, 2\nb: 3\n".utf8))
        var thrown: YAMLError?
        do {
            while true {
                let (event, _) = try parser.next()
                if case .streamEnd = event { break }
            }
        } catch {
            thrown = error
        }
        let error = try #require(thrown)
        #expect(error.kind == .parser)
        #expect(error.context == "while parsing a flow sequence")
        #expect(error.problem == "did not find expected ',' or ']'")
        #expect(error.mark == YAMLMark(line: 2, column: 2))
    }
}

@Suite struct ComposeYAMLTests {
    func compose(_ text: String) -> (YAMLNode?, [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let node = composeYAML(file: "schema.yaml", bytes: Array(text.utf8), diagnostics: &diagnostics)
        return (node, diagnostics.diagnostics)
    }

    @Test func resolvesAnchorsAndAliases() throws {
        let marked = MarkedText("base: &b { type: text }\ncopy: 1️⃣*b\n")
        let (node, diagnostics) = compose(marked.text)
        #expect(diagnostics == [])
        guard case .mapping(let pairs) = try #require(node).content else { Issue.record("not a mapping"); return }
        guard case .mapping(let copied) = pairs[1].value.content else { Issue.record("alias not resolved"); return }
        #expect(copied.first?.key.scalar?.value == "type")
        #expect(pairs[1].value.location == marked.location("1️⃣"))
    }

    @Test func rejectsAliasLoops() {
        let marked = MarkedText("a: &x\n  b: 1️⃣*x\n")
        let (node, diagnostics) = compose(marked.text)
        #expect(node == nil)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.message.contains("loop") == true)
    }

    @Test func rejectsUnknownAliases() {
        let marked = MarkedText("a: 1️⃣*nowhere\n")
        let (node, diagnostics) = compose(marked.text)
        #expect(node == nil)
        #expect(diagnostics == [.error("unknown alias `*nowhere`; no anchor `&nowhere` precedes it", at: marked.location("1️⃣"))])
    }

    @Test func rejectsExponentialAliasExpansion() {
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let (node, diagnostics) = compose(text)
        #expect(node == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("more than \(maxAliasExpansion) nodes") == true)
    }

    @Test func duplicateKeysCiteBothPlaces() {
        let marked = MarkedText("1️⃣a: 1\n2️⃣a: 2\n")
        let (_, diagnostics) = compose(marked.text)
        #expect(diagnostics == [
            .error("duplicate key `a` in this mapping", at: marked.location("2️⃣"),
                   notes: [Diagnostic.Note("first used here", at: marked.location("1️⃣"))])
        ])
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array("a: 1\nbb: x".utf8)
        bytes.append(0xFF)
        var diagnostics = DiagnosticCollector()
        let node = composeYAML(file: "f.yaml", bytes: bytes, diagnostics: &diagnostics)
        #expect(node == nil)
        #expect(diagnostics.diagnostics.first?.location == SourceLocation(file: "f.yaml", line: 2, column: 6))
        #expect(diagnostics.diagnostics.first?.message == "file is not valid UTF-8 (invalid byte 0xFF)")
    }

    @Test func emptyFileIsAnEmptyMapping() throws {
        let (node, diagnostics) = compose("# only a comment\n")
        #expect(diagnostics == [])
        #expect(try #require(node).content == .mapping([]))
    }

    @Test func secondDocumentIsAnError() {
        let (node, diagnostics) = compose("a: 1\n---\nb: 2\n")
        #expect(node == nil)
        #expect(diagnostics.first?.message.contains("second one") == true)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        let (node, diagnostics) = compose(text)
        #expect(node == nil)
        #expect(diagnostics.first?.message == "YAML nested deeper than 256 levels")
    }
}
