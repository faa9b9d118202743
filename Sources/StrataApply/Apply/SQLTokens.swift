/// A word of a SQL statement as far as `apply` needs to read one: identifiers and keywords,
/// with double-quoted identifiers unquoted, and punctuation as single characters.
enum SQLToken: Hashable, Sendable {
    /// An unquoted word, lower-cased as PostgreSQL folds it.
    case word(String)
    /// A `"double quoted"` identifier, kept exactly.
    case quoted(String)
    case punctuation(Character)
    /// A string literal, a dollar-quoted body or a number: never an identifier.
    case other

    /// The identifier this token names, if it can name one.
    var identifier: String? {
        switch self {
        case .word(let text), .quoted(let text): text
        default: nil
        }
    }

    func isKeyword(_ keyword: String) -> Bool { self == .word(keyword) }
}

/// Splits the first `limit` tokens of one statement, skipping comments and whitespace.
///
/// Only used to read the head of a statement (`CREATE INDEX CONCURRENTLY name ON schema.table`),
/// so it stops early and handles just enough of the lexical rules to never misread a name.
func leadingSQLTokens(of text: String, limit: Int = 16) -> [SQLToken] {
    let scalars = Array(text.unicodeScalars)
    var tokens: [SQLToken] = []
    var index = 0
    func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.value >= 0x80
    }
    func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar) || scalar == "$"
    }
    while index < scalars.count, tokens.count < limit {
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        if scalar.properties.isWhitespace {
            index += 1
        } else if scalar == "-", next == "-" {
            while index < scalars.count, scalars[index] != "\n" { index += 1 }
        } else if scalar == "/", next == "*" {
            // Block comments nest in PostgreSQL.
            var depth = 0
            while index < scalars.count {
                if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                    depth += 1
                    index += 2
                } else if scalars[index] == "*", index + 1 < scalars.count, scalars[index + 1] == "/" {
                    depth -= 1
                    index += 2
                    if depth == 0 { break }
                } else {
                    index += 1
                }
            }
        } else if scalar == "\"" {
            var name = String.UnicodeScalarView()
            index += 1
            while index < scalars.count {
                if scalars[index] == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        name.append("\"")
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                name.append(scalars[index])
                index += 1
            }
            tokens.append(.quoted(String(name)))
        } else if isIdentifierStart(scalar) {
            var word = String.UnicodeScalarView()
            while index < scalars.count, isIdentifierPart(scalars[index]) {
                word.append(scalars[index])
                index += 1
            }
            tokens.append(.word(String(word).lowercased()))
        } else if scalar == "'" {
            // Anything past a literal is beyond what we read; stop here.
            tokens.append(.other)
            break
        } else {
            tokens.append(.punctuation(Character(scalar)))
            index += 1
        }
    }
    return tokens
}

/// `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table`: the index a
/// concurrent build creates, so a retry can drop the INVALID index a failed build left behind.
/// nil for any other statement, or when the index has no name (PostgreSQL picks one).
public struct ConcurrentIndexBuild: Hashable, Sendable {
    /// The schema of the table (an index always lives beside its table); nil when unqualified.
    public var schema: String?
    public var name: String

    public init?(statement text: String) {
        var tokens = leadingSQLTokens(of: text)[...]
        func take(_ keyword: String) -> Bool {
            guard tokens.first?.isKeyword(keyword) == true else { return false }
            tokens.removeFirst()
            return true
        }
        guard take("create") else { return nil }
        _ = take("unique")
        guard take("index"), take("concurrently") else { return nil }
        if tokens.first?.isKeyword("if") == true {
            guard take("if"), take("not"), take("exists") else { return nil }
        }
        guard let first = tokens.first, !first.isKeyword("on"), let name = first.identifier else { return nil }
        tokens.removeFirst()
        guard take("on") else { return nil }
        _ = take("only")
        guard let tablePart = tokens.popFirst()?.identifier else { return nil }
        if tokens.first == .punctuation("."), tokens.count >= 2 {
            self.schema = tablePart
        } else {
            self.schema = nil
        }
        self.name = name
    }
}
