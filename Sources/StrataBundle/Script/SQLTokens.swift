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
    // Walks the scalar view in place: a statement can be a 100 KB INSERT, and only its head is read.
    let scalars = text.unicodeScalars
    let end = scalars.endIndex
    var tokens: [SQLToken] = []
    var index = scalars.startIndex
    func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.value >= 0x80
    }
    func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar) || scalar == "$"
    }
    /// The scalar after `position`, if any.
    func scalarAfter(_ position: String.UnicodeScalarView.Index) -> Unicode.Scalar? {
        let next = scalars.index(after: position)
        return next < end ? scalars[next] : nil
    }
    while index < end, tokens.count < limit {
        let scalar = scalars[index]
        let next = scalarAfter(index)
        if scalar.properties.isWhitespace {
            scalars.formIndex(after: &index)
        } else if scalar == "-", next == "-" {
            while index < end, scalars[index] != "\n" { scalars.formIndex(after: &index) }
        } else if scalar == "/", next == "*" {
            // Block comments nest in PostgreSQL.
            var depth = 0
            while index < end {
                let following = scalarAfter(index)
                if scalars[index] == "/", following == "*" {
                    depth += 1
                    index = scalars.index(index, offsetBy: 2)
                } else if scalars[index] == "*", following == "/" {
                    depth -= 1
                    index = scalars.index(index, offsetBy: 2)
                    if depth == 0 { break }
                } else {
                    scalars.formIndex(after: &index)
                }
            }
        } else if scalar == "\"" {
            var name = String.UnicodeScalarView()
            scalars.formIndex(after: &index)
            while index < end {
                if scalars[index] == "\"" {
                    if scalarAfter(index) == "\"" {
                        name.append("\"")
                        index = scalars.index(index, offsetBy: 2)
                        continue
                    }
                    scalars.formIndex(after: &index)
                    break
                }
                name.append(scalars[index])
                scalars.formIndex(after: &index)
            }
            tokens.append(.quoted(String(name)))
        } else if isIdentifierStart(scalar) {
            var word = String.UnicodeScalarView()
            while index < end, isIdentifierPart(scalars[index]) {
                word.append(scalars[index])
                scalars.formIndex(after: &index)
            }
            tokens.append(.word(String(word).lowercased()))
        } else if scalar == "'" {
            // Anything past a literal is beyond what we read; stop here.
            tokens.append(.other)
            break
        } else {
            tokens.append(.punctuation(Character(scalar)))
            scalars.formIndex(after: &index)
        }
    }
    return tokens
}
