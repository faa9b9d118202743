/// PostgreSQL keeps expressions by column number: an index expression, an index predicate or a
/// check that mentions a column follows the column's rename untouched. The YAML spells the new
/// name, so the texts differ; read as tokens, with the renamed columns mapped, they are the same
/// expression, and dropping and rebuilding the index (two scans) or re-validating the check
/// would be work for nothing.
extension SchemaDiffer {
    /// Old column name → new, for the columns of `table` (its new name) renamed in this diff.
    func columnRenames(of table: String) -> [String: String] {
        guard let renames = hints.columns[table], !renames.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: renames.map { ($0.value, $0.key) })
    }

    /// Whether `old` becomes `new` by the column renames of `table` alone.
    func indexIsCarried(_ old: Index, to new: Index, table: String) -> Bool {
        let renames = columnRenames(of: table)
        guard !renames.isEmpty, old.elements.count == new.elements.count else { return false }
        var candidate = old
        for position in candidate.elements.indices {
            if case .expression(let before) = old.elements[position].key,
                case .expression(let after) = new.elements[position].key,
                sameExpression(before, after, renames: renames)
            {
                candidate.elements[position].key = .expression(after)
            }
        }
        if let before = old.predicate, let after = new.predicate, sameExpression(before, after, renames: renames) {
            candidate.predicate = after
        }
        return candidate.definition == new.definition
    }

    /// Whether the check `old` becomes `new` by the column renames of `table` alone.
    func checkIsCarried(_ old: CheckConstraint, to new: CheckConstraint, table: String) -> Bool {
        let renames = columnRenames(of: table)
        guard !renames.isEmpty, old.name == new.name, sameExpression(old.expression, new.expression, renames: renames)
        else { return false }
        var candidate = old
        candidate.expression = new.expression
        return candidate == new
    }
}

/// Whether `before` and `after` are the same tokens once each name in `renames` is replaced by
/// its new name; literals are compared by their text.
func sameExpression(_ before: String, _ after: String, renames: [String: String]) -> Bool {
    let old = spelledTokens(before)
    let new = spelledTokens(after)
    guard old.count == new.count else { return false }
    for (left, right) in zip(old, new) {
        switch (left.token, right.token) {
        case (.literal, .literal):
            if left.text != right.text { return false }
        case _ where left.token.identifier != nil && right.token.identifier != nil:
            if (renames[left.token.identifier!] ?? left.token.identifier!) != right.token.identifier! { return false }
        default:
            if left.token != right.token { return false }
        }
    }
    return true
}

/// The tokens of `text` with the text each was read from (a literal's value matters here).
private func spelledTokens(_ text: String) -> [(token: SQLToken, text: Substring)] {
    var text = text
    text.makeContiguousUTF8()
    return text.utf8.withContiguousStorageIfAvailable { bytes in
        var scanner = SQLByteScanner(bytes: bytes, position: 0)
        var result: [(token: SQLToken, text: Substring)] = []
        while true {
            let start = scanner.position
            guard let token = scanner.next() else { break }
            let utf8 = text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: start)
            let to = utf8.index(utf8.startIndex, offsetBy: scanner.position)
            result.append((token, text[from..<to].drop(while: \.isWhitespace)))
        }
        return result
    } ?? []
}
