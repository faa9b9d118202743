/// One token of SQL, as far as strata reads SQL: to find the names in an expression (default
/// index and constraint names, bare-word defaults) and to recognize the head of a statement
/// (`CREATE INDEX CONCURRENTLY name ON table`, `BEGIN`, `COPY ... TO STDOUT`).
package enum SQLToken: Hashable, Sendable {
    /// An unquoted identifier or keyword, its ASCII letters lower-cased as PostgreSQL folds them.
    case word(String)
    /// A `"double quoted"` identifier, exactly as written (doubled quotes undone).
    case quoted(String)
    /// A string (`'..'`, `E'..'`, `B'..'`, `X'..'`, `N'..'`, `U&'..'`), a dollar-quoted body, a
    /// number or a `$1` parameter: never a name.
    case literal
    /// `::`, or any other single character.
    case punctuation(String)

    /// The identifier this token names, if it can name one.
    package var identifier: String? {
        switch self {
        case .word(let text), .quoted(let text): text
        default: nil
        }
    }

    package func isKeyword(_ keyword: String) -> Bool { self == .word(keyword) }
}

/// The tokens of a SQL text, read lazily: a statement can be a 100 KB `INSERT` of which only the
/// head is wanted, so `prefix(n)` reads no further than the n-th token. Whitespace and comments
/// (`--`, and `/* */`, which nest in PostgreSQL) are skipped.
package struct SQLLexer: Sequence, IteratorProtocol {
    private let scalars: String.UnicodeScalarView
    private var index: String.UnicodeScalarView.Index

    package init(_ text: String) {
        scalars = text.unicodeScalars
        index = scalars.startIndex
    }

    /// All tokens of a short text (an expression).
    package static func tokens(of text: String) -> [SQLToken] { Array(SQLLexer(text)) }

    package mutating func next() -> SQLToken? {
        skipWhitespaceAndComments()
        guard let scalar = peek() else { return nil }
        if scalar == "'" {
            skipString(backslashEscapes: false)
            return .literal
        }
        if scalar == "\"" { return .quoted(readQuotedIdentifier()) }
        if Self.isIdentifierStart(scalar) {
            if let literal = readPrefixedString() { return literal }
            return .word(readWord())
        }
        if Self.isDigit(scalar) {
            readNumber()
            return .literal
        }
        if scalar == "$", let literal = readDollarToken() { return literal }
        advance()
        if scalar == ":", peek() == ":" {
            advance()
            return .punctuation("::")
        }
        return .punctuation(String(scalar))
    }

    // MARK: - Scalars

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        var position = index
        for _ in 0..<offset {
            guard position < scalars.endIndex else { return nil }
            scalars.formIndex(after: &position)
        }
        return position < scalars.endIndex ? scalars[position] : nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.endIndex { scalars.formIndex(after: &index) }
    }

    // PostgreSQL's scanner (scan.l) takes any byte with the high bit set as an identifier letter.
    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar.value >= 0x80
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar) || scalar == "$"
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    // MARK: - Tokens

    private mutating func skipWhitespaceAndComments() {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                advance()
            } else if scalar == "-", peek(1) == "-" {
                while let next = peek(), next != "\n" { advance() }
            } else if scalar == "/", peek(1) == "*" {
                var depth = 0
                while peek() != nil {
                    if peek() == "/", peek(1) == "*" {
                        depth += 1
                        advance(2)
                    } else if peek() == "*", peek(1) == "/" {
                        depth -= 1
                        advance(2)
                        if depth == 0 { break }
                    } else {
                        advance()
                    }
                }
            } else {
                return
            }
        }
    }

    /// A quoted string from its opening quote: `''` is a quote inside it, and in an `E''` string
    /// so is `\'`.
    private mutating func skipString(backslashEscapes: Bool) {
        advance()
        while let scalar = peek() {
            advance()
            if backslashEscapes, scalar == "\\" {
                advance()
            } else if scalar == "'" {
                guard peek() == "'" else { return }
                advance()
            }
        }
    }

    private mutating func readQuotedIdentifier() -> String {
        var name = String.UnicodeScalarView()
        advance()
        while let scalar = peek() {
            advance()
            if scalar == "\"" {
                guard peek() == "\"" else { break }
                advance()
            }
            name.append(scalar)
        }
        return String(name)
    }

    /// `E'..'`, `B'..'`, `X'..'`, `N'..'` and `U&'..'`: a letter prefix glued to a string.
    private mutating func readPrefixedString() -> SQLToken? {
        switch peek() {
        case "e", "E":
            guard peek(1) == "'" else { return nil }
            advance()
            skipString(backslashEscapes: true)
        case "b", "B", "x", "X", "n", "N":
            guard peek(1) == "'" else { return nil }
            advance()
            skipString(backslashEscapes: false)
        case "u", "U":
            guard peek(1) == "&", peek(2) == "'" else { return nil }
            advance(2)
            skipString(backslashEscapes: false)
        default:
            return nil
        }
        return .literal
    }

    private mutating func readWord() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = peek(), Self.isIdentifierPart(scalar) {
            // Only ASCII letters fold: PostgreSQL leaves other letters alone in a multibyte encoding.
            word.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
            advance()
        }
        return String(word)
    }

    /// `42`, `1.5e-3`, `0x1F`, `1_000`: digits, letters, `_` and `.`, and a sign after an exponent.
    private mutating func readNumber() {
        while let scalar = peek() {
            if Self.isDigit(scalar) || scalar == "." || scalar == "_" {
                advance()
            } else if scalar == "e" || scalar == "E", peek(1) == "+" || peek(1) == "-" {
                advance(2)
            } else if Self.isIdentifierStart(scalar), scalar.value < 0x80 {
                advance()
            } else {
                return
            }
        }
    }

    /// `$tag$ .. $tag$` (the tag may be empty) or a `$1` parameter; nil for a lone `$`.
    private mutating func readDollarToken() -> SQLToken? {
        if let digit = peek(1), Self.isDigit(digit) {
            advance()
            while let scalar = peek(), Self.isDigit(scalar) { advance() }
            return .literal
        }
        var delimiter = String.UnicodeScalarView(["$"])
        var offset = 1
        while let scalar = peek(offset), scalar != "$" {
            guard Self.isIdentifierPart(scalar), offset > 1 || Self.isIdentifierStart(scalar) else { return nil }
            delimiter.append(scalar)
            offset += 1
        }
        guard peek(offset) == "$" else { return nil }
        delimiter.append("$")
        advance(offset + 1)
        let closing = Array(delimiter)
        // The body runs to the next occurrence of the same delimiter; an unterminated body is
        // the rest of the text.
        while peek() != nil {
            if peek() == "$", (0..<closing.count).allSatisfy({ peek($0) == closing[$0] }) {
                advance(closing.count)
                return .literal
            }
            advance()
        }
        return .literal
    }
}
