/// What PostgreSQL's `FigureIndexColname` calls an index expression, for default index names:
/// a function call gives the function's name, a column its name, a cast of a column the column,
/// a cast of a constant the type's name, anything else nil (the caller uses `expr`).
enum ExpressionName {
    static func figure(_ sql: String) -> String? {
        let tokens = SQLLexer.tokens(of: sql)
        var position = 0
        let (name, strength) = primary(tokens, &position)
        // Trailing tokens other than casts mean an operator is at the top: `(a + b)` → expr.
        var result = (name, strength)
        while position < tokens.count {
            guard tokens[position] == .punctuation("::") else { return nil }
            position += 1
            let typeName = typeNameAfterCast(tokens, &position)
            if result.1 <= 1, let typeName { result = (typeName, 1) }
        }
        return result.0
    }

    /// Strength follows parse_target.c: 2 for a column or function name, 1 for a type name, 0 none.
    private static func primary(_ tokens: [SQLToken], _ position: inout Int) -> (String?, Int) {
        guard position < tokens.count else { return (nil, 0) }
        switch tokens[position] {
        case .punctuation("("):
            // A parenthesized expression: figure its inside; it must close right after.
            guard let close = matchingParen(tokens, from: position) else { return (nil, 0) }
            let inner = Array(tokens[(position + 1)..<close])
            position = close + 1
            var innerPosition = 0
            var (name, strength) = primary(inner, &innerPosition)
            while innerPosition < inner.count {
                guard inner[innerPosition] == .punctuation("::") else { return (nil, 0) }
                innerPosition += 1
                let typeName = typeNameAfterCast(inner, &innerPosition)
                if strength <= 1, let typeName { (name, strength) = (typeName, 1) }
            }
            return indirection(tokens, &position, after: (name, strength))
        case .word(let word), .quoted(let word):
            var lastQuoted = tokens[position] != .word(word)
            position += 1
            var last = word
            while position + 1 < tokens.count, tokens[position] == .punctuation("."),
                let next = tokens[position + 1].identifier
            {
                last = next
                lastQuoted = tokens[position + 1] != .word(next)
                position += 2
            }
            if position < tokens.count, tokens[position] == .punctuation("(") {
                let open = position
                guard let close = matchingParen(tokens, from: open) else { return (nil, 0) }
                position = close + 1
                // CAST(x AS type): the inside's name, else the type's.
                if !lastQuoted && last == "cast" { return castName(tokens, open: open) }
                return (last, 2)
            }
            if !lastQuoted && last == "case" {
                // CASE … END, possibly nested: the whole construct is one primary.
                var depth = 1
                while position < tokens.count && depth > 0 {
                    if tokens[position] == .word("case") { depth += 1 }
                    if tokens[position] == .word("end") { depth -= 1 }
                    position += 1
                }
                return ("case", 2)
            }
            if !lastQuoted && last == "array" && position < tokens.count && tokens[position] == .punctuation("[") {
                var depth = 0
                repeat {
                    if tokens[position] == .punctuation("[") { depth += 1 }
                    if tokens[position] == .punctuation("]") { depth -= 1 }
                    position += 1
                } while position < tokens.count && depth > 0
                return ("array", 2)
            }
            if !lastQuoted, ["null", "true", "false"].contains(last) { return (nil, 0) }
            return indirection(tokens, &position, after: (last, 2))
        default:
            position += 1
            return (nil, 0)
        }
    }

    /// Subscripts and field selections after a column or a parenthesized expression (`j['k']`,
    /// `(r).f[1]`): parse_target.c names an `A_Indirection` after its last field, else after
    /// what it is applied to.
    private static func indirection(_ tokens: [SQLToken], _ position: inout Int, after figured: (String?, Int))
        -> (String?, Int)
    {
        var field: String?
        while position < tokens.count {
            if tokens[position] == .punctuation("[") {
                guard let close = matching(tokens, from: position, open: "[", close: "]") else { return (nil, 0) }
                position = close + 1
            } else if tokens[position] == .punctuation("."), position + 1 < tokens.count,
                let name = tokens[position + 1].identifier
            {
                field = name
                position += 2
            } else {
                break
            }
        }
        return field.map { ($0, 2) } ?? figured
    }

    /// For `CAST(x AS t)` give the inner expression's name, else the type's.
    private static func castName(_ tokens: [SQLToken], open: Int) -> (String?, Int) {
        guard let close = matchingParen(tokens, from: open) else { return (nil, 0) }
        let inner = Array(tokens[(open + 1)..<close])
        guard let asIndex = inner.lastIndex(of: .word("as")) else { return (nil, 0) }
        var position = 0
        let expression = Array(inner[..<asIndex])
        let (name, strength) = primary(expression, &position)
        if strength > 1 && position == expression.count { return (name, strength) }
        var typePosition = asIndex + 1
        if let typeName = typeNameAfterCast(inner, &typePosition) { return (typeName, 1) }
        return (name, strength)
    }

    /// Reads a type name after `::`, returning its last name part; skips modifiers and `[]`.
    private static func typeNameAfterCast(_ tokens: [SQLToken], _ position: inout Int) -> String? {
        var last: String?
        while position < tokens.count {
            switch tokens[position] {
            case .word(let word), .quoted(let word):
                // The last word of the name, as `llast(typeName->names)` in parse_target.c.
                last = word
                position += 1
            case .punctuation("."):
                position += 1
            case .punctuation("("):
                guard let close = matchingParen(tokens, from: position) else { return last }
                position = close + 1
            case .punctuation("["):
                while position < tokens.count, tokens[position] != .punctuation("]") { position += 1 }
                position += 1
            default:
                return last
            }
        }
        return last
    }

    private static func matchingParen(_ tokens: [SQLToken], from open: Int) -> Int? {
        matching(tokens, from: open, open: "(", close: ")")
    }

    /// The index of the bracket that closes the one at `start`.
    private static func matching(_ tokens: [SQLToken], from start: Int, open: String, close: String) -> Int? {
        var depth = 0
        for index in start..<tokens.count {
            if tokens[index] == .punctuation(open) { depth += 1 }
            if tokens[index] == .punctuation(close) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}

extension SQLLexer {
    /// Distinct column names an expression mentions, in order of first mention: identifiers that
    /// are in `columns`, not followed by `(` (a function) and not part of a type after `::`.
    static func referencedColumns(_ sql: String, columns: Set<String>) -> [String] {
        let tokens = tokens(of: sql)
        var result: [String] = []
        var afterCast = false
        for (index, token) in tokens.enumerated() {
            if token == .punctuation("::") { afterCast = true; continue }
            guard let word = token.identifier else {
                if token != .punctuation("(") && token != .punctuation(")") && token != .punctuation(".") { afterCast = false }
                continue
            }
            if afterCast { afterCast = false; continue }
            if index + 1 < tokens.count, tokens[index + 1] == .punctuation("(") { continue }
            if columns.contains(word) && !result.contains(word) { result.append(word) }
        }
        return result
    }
}
