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
///
/// The text is read as UTF-8 bytes in place (`SQLByteScanner`): every character the grammar
/// cares about is ASCII, and any byte of a multi-byte character is an identifier letter, as in
/// PostgreSQL's scanner. Walking Unicode scalars made this lexer the largest cost of verifying
/// a long script's statements.
package struct SQLLexer: Sequence, IteratorProtocol {
    private let text: String
    private var position = 0

    package init(_ text: String) {
        var text = text
        // Native strings already are; this makes `withContiguousStorageIfAvailable` never fail.
        text.makeContiguousUTF8()
        self.text = text
    }

    /// All tokens of a short text (an expression).
    package static func tokens(of text: String) -> [SQLToken] { Array(SQLLexer(text)) }

    package mutating func next() -> SQLToken? {
        var position = self.position
        let token = text.utf8.withContiguousStorageIfAvailable { bytes in
            var scanner = SQLByteScanner(bytes: bytes, position: position)
            let token = scanner.next()
            position = scanner.position
            return token
        }
        self.position = position
        return token ?? nil
    }
}
