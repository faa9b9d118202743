/// Typed access to YAML nodes: each accessor reports a wrong shape as "expected …, found …"
/// and returns nil, so decoding goes on and every problem is reported.
struct NodeReader {
    var diagnostics = DiagnosticCollector()

    /// A mapping's entries; keys must be scalars.
    mutating func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode.Pair]? {
        guard case .mapping(let pairs) = node.content else {
            diagnostics.error(LoadMessage.expected("a mapping", for: what(), found: node.kindDescription), at: node.location)
            return nil
        }
        // Nearly always every key is a name, and the entries are handed out as they are.
        guard !pairs.allSatisfy({ Self.isName($0.key) }) else { return pairs }
        var result: [YAMLNode.Pair] = []
        for pair in pairs {
            guard Self.isName(pair.key) else {
                diagnostics.error(
                    LoadMessage.expectedNameAsKey(in: what(), found: pair.key.kindDescription), at: pair.key.location)
                continue
            }
            result.append(pair)
        }
        return result
    }

    private static func isName(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar else { return false }
        return !scalar.isNull
    }

    /// The entries of `node` by key, after reporting every key not in `allowed`
    /// (with a "did you mean" note when one is close).
    mutating func fields(_ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String]) -> Fields? {
        guard let pairs = mapping(node, what()) else { return nil }
        var fields = Fields(location: node.location)
        fields.entries.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.key.scalar!.value
            guard allowed.contains(key) else {
                diagnostics.error(
                    { LoadMessage.unknownKey(key, in: what(), allowed: allowed) },
                    kind: LoadMessage.unknownKeyKind, at: pair.key.location,
                    lazyNotes: { Suggestion.note(for: key, in: allowed).map { [$0] } ?? [] })
                continue
            }
            // The composer already refused duplicate keys.
            fields.entries.append(pair)
        }
        return fields
    }

    /// A list's items; a mapping or scalar is reported.
    mutating func list(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.content else {
            diagnostics.error(LoadMessage.expected("a list", for: what(), found: node.kindDescription), at: node.location)
            return nil
        }
        return items
    }

    /// A non-null scalar's text.
    mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            diagnostics.error(LoadMessage.expected("a string", for: what(), found: node.kindDescription), at: node.location)
            return nil
        }
        return scalar.value
    }

    mutating func locatedString(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Located<String>? {
        string(node, what()).map { Located($0, at: node.location) }
    }

    /// `true` or `false` (YAML 1.2 core schema spellings), unquoted.
    mutating func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        if let scalar = node.scalar, scalar.isPlain {
            switch scalar.value {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        diagnostics.error(LoadMessage.expected("true or false", for: what(), found: node.kindDescription), at: node.location)
        return nil
    }

    /// A whole number that fits in 64 bits.
    mutating func int64(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Int64? {
        if let scalar = node.scalar, scalar.isPlain, let value = Int64(scalar.value.replacing("_", with: "")) {
            return value
        }
        diagnostics.error(LoadMessage.expected("a whole number", for: what(), found: node.kindDescription), at: node.location)
        return nil
    }

    /// A list of names; a single name stands for a one-element list.
    mutating func names(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [Located<String>]? {
        if let scalar = node.scalar, !scalar.isNull { return [Located(scalar.value, at: node.location)] }
        guard let items = list(node, what()) else { return nil }
        var result: [Located<String>] = []
        for item in items {
            if let name = locatedString(item, "an entry of \(what())") { result.append(name) }
        }
        return result
    }

    /// One of a fixed set of words, reported with the valid choices otherwise.
    mutating func choice<T>(_ node: YAMLNode, _ what: @autoclosure () -> String, _ choices: [(String, T)]) -> T? {
        guard let text = string(node, what()) else { return nil }
        // As written, nearly always: no folding needed.
        if let match = choices.first(where: { $0.0 == text }) { return match.1 }
        let normalized = text.lowercased().replacing("_", with: " ")
        // `by_default` and `by default`, `no_action` and `no action` are the same word.
        if let match = choices.first(where: { $0.0.replacing("_", with: " ") == normalized }) { return match.1 }
        let names = choices.map(\.0)
        let notes = Suggestion.note(for: text, in: names).map { [$0] } ?? []
        diagnostics.error(
            LoadMessage.unknownValue(text, for: what(), allowed: names), at: node.location, notes: notes)
        return nil
    }

    /// A SQL expression: a scalar kept as its source text with whitespace folded; plain `null`
    /// means none and is returned as nil without an error.
    mutating func expression(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Located<String>? {
        if let scalar = node.scalar, scalar.isNull { return nil }
        guard let text = string(node, what()) else { return nil }
        let folded = foldWhitespace(text)
        guard !folded.isEmpty else {
            diagnostics.error(LoadMessage.emptyExpression(for: what()), at: node.location)
            return nil
        }
        return Located(folded, at: node.location)
    }
}

/// The checked entries of one mapping, looked up by key (never iterated into output).
///
/// A list searched in order, not a dictionary: a mapping of fixed keys holds a handful of
/// entries, and a decoder asks for every key it knows (fourteen for a column), so hashing each
/// key cost more than comparing a few short strings.
struct Fields {
    var location: SourceLocation
    var entries: [YAMLNode.Pair] = []

    subscript(_ key: String) -> YAMLNode? { pair(key)?.value }
    func keyLocation(_ key: String) -> SourceLocation? { pair(key)?.key.location }

    private func pair(_ key: String) -> YAMLNode.Pair? {
        for index in entries.indices {
            if case .scalar(let scalar) = entries[index].key.content, scalar.value == key { return entries[index] }
        }
        return nil
    }
}

/// Collapses runs of whitespace outside quotes into one space and trims the ends, so that
/// re-wrapping a YAML string never changes a SQL expression.
func foldWhitespace(_ sql: String) -> String {
    if isFolded(sql) { return sql }
    var result = ""
    var quote: Character?
    var pendingSpace = false
    for character in sql {
        if let open = quote {
            result.append(character)
            if character == open { quote = nil }
            continue
        }
        if character.isWhitespace {
            pendingSpace = !result.isEmpty
            continue
        }
        if pendingSpace {
            result.append(" ")
            pendingSpace = false
        }
        if character == "'" || character == "\"" { quote = character }
        result.append(character)
    }
    return result
}

/// True when `foldWhitespace` would return `sql` unchanged, judged from its bytes: ASCII, no
/// whitespace at either end, and no whitespace but single spaces inside (quoted or not). Most
/// expressions (`now()`, `'{}'::jsonb`, `score >= 0`) are, and need no walk over Characters.
private func isFolded(_ sql: String) -> Bool {
    var previousWasSpace = true  // a leading space is not folded
    for byte in sql.utf8 {
        if byte >= 0x80 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F) { return false }
        let isSpace = byte == 0x20
        if isSpace && previousWasSpace { return false }
        previousWasSpace = isSpace
    }
    return !previousWasSpace || sql.isEmpty
}
