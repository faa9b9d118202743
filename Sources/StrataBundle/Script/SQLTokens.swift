/// A word of a SQL statement as far as strata needs to read one: identifiers and keywords,
/// with double-quoted identifiers unquoted, and punctuation as single characters.
package enum SQLToken: Hashable, Sendable {
    /// An unquoted word, lower-cased as PostgreSQL folds it.
    case word(String)
    /// A `"double quoted"` identifier, kept exactly.
    case quoted(String)
    case punctuation(Character)
    /// A string literal, a dollar-quoted body or a number: never an identifier.
    case other

    /// The identifier this token names, if it can name one.
    package var identifier: String? {
        switch self {
        case .word(let text), .quoted(let text): text
        default: nil
        }
    }

    package func isKeyword(_ keyword: String) -> Bool { self == .word(keyword) }
}

/// Splits the first `limit` tokens of one statement, skipping comments and whitespace.
///
/// Only used to read the head of a statement (`CREATE INDEX CONCURRENTLY name ON schema.table`),
/// so it stops early and handles just enough of the lexical rules to never misread a name.
package func leadingSQLTokens(of text: String, limit: Int = 16) -> [SQLToken] {
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
