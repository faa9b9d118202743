public import Foundation

/// The `--format json` shapes docs/json-output.md documents (its ```jsonc block; the README links
/// it), so tests can hold the real output to them: every documented key present, in the
/// documented order, and no other.
public enum ReadmeJSONShapes {
    /// The repository's docs/json-output.md, found from this file's path.
    public static var readme: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/json-output.md")
    }

    /// The top-level keys documented for `command` (a section of the block is headed
    /// `// history`, `// check and diff (...)`, ...), after the keys every document starts with.
    public static func topLevelKeys(of command: String) throws -> [String] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "```jsonc\n"),
            let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex)
        else { throw ShapeError(message: "docs/json-output.md has no jsonc block") }
        var sections: [(title: String, body: String)] = []
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// ") {
                sections.append((String(trimmed.dropFirst(3)), ""))
            } else if !sections.isEmpty {
                // A trailing `// comment` is not part of the shape.
                let code = line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
                sections[sections.count - 1].body += code + "\n"
            }
        }
        let titles = sections.map(\.title)
        guard
            let section = sections.first(where: { title, _ in
                let words = title.prefix { $0 != "(" && $0 != ":" }.split(separator: " ").map(String.init)
                return words.first == command || (words.count == 3 && words[1] == "and" && words.contains(command))
            })
        else { throw ShapeError(message: "docs/json-output.md documents no JSON shape for \(command) (sections: \(titles))") }
        return ["format_version", "command"] + keys(atDepthOneOf: section.body)
    }

    /// The quoted names at brace depth 1 that start an entry (after `{` or `,`), in order.
    static func keys(atDepthOneOf body: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var previous: Character = " "
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            switch character {
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case "\"":
                let close = body[body.index(after: index)...].firstIndex(of: "\"") ?? body.endIndex
                if depth == 1 && (previous == "{" || previous == ",") {
                    keys.append(String(body[body.index(after: index)..<close]))
                }
                index = close
                previous = "\""
                if index < body.endIndex { index = body.index(after: index) }
                continue
            default: break
            }
            if !character.isWhitespace { previous = character }
            index = body.index(after: index)
        }
        return keys
    }

    /// The top-level keys of one pretty-printed JSON object as strata prints it (two-space
    /// indent, one key per line), in order; JSONSerialization forgets the order.
    public static func topLevelKeys(ofOutput output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  \""), !line.hasPrefix("   ") else { return nil }
            let name = line.dropFirst(3)
            return name.firstIndex(of: "\"").map { String(name[..<$0]) }
        }
    }

    public struct ShapeError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
