/// A script cut into statements with PostgreSQL's lexical rules (quotes, `E''` strings,
/// dollar quotes, nested block comments, line comments), for the release script and for
/// telling an empty script from one with SQL. Concatenating the pieces' texts gives the script
/// back byte for byte.
///
/// (`apply` streams scripts through StrataApply's own incremental splitter; this one works on a
/// whole script in memory, which the release script and `verify` read anyway.)
struct ScriptPiece: Hashable, Sendable {
    /// The statement with the comments and blank lines before it, up to and including its `;`;
    /// the last piece may be only trailing comments.
    var text: String
    /// False for a trailing piece of comments and whitespace only.
    var hasStatement: Bool
    /// The statement is preceded by the line `-- strata:no-transaction`.
    var isNonTransactional: Bool
}

enum ScriptPieces {
    /// The comment line that marks the next statement as one that must run outside a transaction.
    static let noTransactionMarker = "-- strata:no-transaction"

    static func split(_ script: String) -> [ScriptPiece] {
        let bytes = Array(script.utf8)
        var pieces: [ScriptPiece] = []
        var pieceStart = 0
        var sawStatement = false
        var marked = false
        var pendingMarker = false
        var index = 0

        func isIdentifierByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || (byte >= 0x30 && byte <= 0x39)
                || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
        }
        func startStatement() {
            if !sawStatement {
                sawStatement = true
                marked = pendingMarker
                pendingMarker = false
            }
        }
        func finishPiece(at end: Int) {
            pieces.append(
                ScriptPiece(
                    text: String(decoding: bytes[pieceStart..<end], as: UTF8.self), hasStatement: sawStatement,
                    isNonTransactional: marked))
            pieceStart = end
            sawStatement = false
            marked = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch byte {
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                var end = index
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var comment = String(decoding: bytes[index..<end], as: UTF8.self)
                if comment.hasSuffix("\r") { comment.removeLast() }
                if !sawStatement && comment.trimmingTrailingSpaces() == noTransactionMarker { pendingMarker = true }
                index = end
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                var depth = 1
                index += 2
                while index < bytes.count && depth > 0 {
                    if bytes[index] == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                        depth += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "*") && index + 1 < bytes.count
                        && bytes[index + 1] == UInt8(ascii: "/")
                    {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                }
            case UInt8(ascii: "'"):
                startStatement()
                let previous: UInt8? = index > 0 ? bytes[index - 1] : nil
                let escapes =
                    (previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e"))
                    && (index < 2 || !isIdentifierByte(bytes[index - 2]))
                index += 1
                while index < bytes.count {
                    if escapes && bytes[index] == UInt8(ascii: "\\") {
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "'") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'") {
                            index += 2
                        } else {
                            index += 1
                            break
                        }
                    } else {
                        index += 1
                    }
                }
            case UInt8(ascii: "\""):
                startStatement()
                index += 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                            index += 2
                        } else {
                            index += 1
                            break
                        }
                    } else {
                        index += 1
                    }
                }
            case UInt8(ascii: "$") where index == 0 || !isIdentifierByte(bytes[index - 1]):
                startStatement()
                // `$tag$` or `$$`; `$1` is a parameter, not a quote.
                var end = index + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: "$") && isIdentifierByte(bytes[end]) { end += 1 }
                let tagIsValid =
                    end < bytes.count && bytes[end] == UInt8(ascii: "$")
                    && (end == index + 1 || !(bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39))
                guard tagIsValid else {
                    index += 1
                    break
                }
                let tag = Array(bytes[index...end])
                index = end + 1
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "$") && index + tag.count <= bytes.count
                        && Array(bytes[index..<(index + tag.count)]) == tag
                    {
                        index += tag.count
                        break
                    }
                    index += 1
                }
            case UInt8(ascii: ";"):
                startStatement()
                index += 1
                finishPiece(at: index)
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                index += 1
            default:
                startStatement()
                index += 1
            }
        }
        if pieceStart < bytes.count { finishPiece(at: bytes.count) }
        return pieces
    }

    /// True when the script holds no statement, only comments and whitespace.
    static func isEmpty(_ script: String) -> Bool {
        !split(script).contains { $0.hasStatement }
    }

    /// True when some statement is marked to run outside a transaction.
    static func hasNonTransactionalStatement(_ script: String) -> Bool {
        split(script).contains { $0.isNonTransactional }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
