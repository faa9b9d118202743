/// `SQLLexer`'s reading of one token from UTF-8 bytes, starting at `position` and leaving it
/// after the token. Multi-byte characters need no decoding but at the start of a token, where
/// Unicode whitespace is skipped like ASCII whitespace; anywhere else each of their bytes is
/// `>= 0x80`, which the grammar treats as an identifier letter and never as a quote or delimiter.
struct SQLByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    mutating func next() -> SQLToken? {
        skipWhitespaceAndComments()
        guard let byte = peek() else { return nil }
        if byte == UInt8(ascii: "'") {
            skipString(backslashEscapes: false)
            return .literal
        }
        if byte == UInt8(ascii: "\"") { return .quoted(readQuotedIdentifier()) }
        if SQLCharacter.isIdentifierStart(byte) {
            if let literal = readPrefixedString() { return literal }
            return .word(readWord())
        }
        if SQLCharacter.isDigit(byte) {
            readNumber()
            return .literal
        }
        if byte == UInt8(ascii: "$"), let literal = readDollarToken() { return literal }
        position += 1
        if byte == UInt8(ascii: ":"), peek() == UInt8(ascii: ":") {
            position += 1
            return .punctuation("::")
        }
        // Always ASCII: a non-ASCII character is whitespace or starts an identifier.
        return .punctuation(String(Unicode.Scalar(byte)))
    }

    // MARK: - Bytes

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private mutating func advance(_ count: Int = 1) { position = min(position + count, bytes.count) }

    /// The length of the Unicode whitespace character at `position`, or 0.
    private func whitespaceLength() -> Int {
        guard let byte = peek() else { return 0 }
        if byte < 0x80 { return SQLCharacter.isWhitespace(byte) ? 1 : 0 }
        var iterator = UnsafeBufferPointer(rebasing: bytes[position...]).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), scalar.properties.isWhitespace else { return 0 }
        return UTF8.width(scalar)
    }

    // MARK: - Tokens

    private mutating func skipWhitespaceAndComments() {
        while let byte = peek() {
            let whitespace = whitespaceLength()
            if whitespace > 0 {
                advance(whitespace)
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                var depth = 0
                while peek() != nil {
                    if peek() == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                        depth += 1
                        advance(2)
                    } else if peek() == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
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
        while let byte = peek() {
            advance()
            if backslashEscapes, byte == UInt8(ascii: "\\") {
                advance()
            } else if byte == UInt8(ascii: "'") {
                guard peek() == UInt8(ascii: "'") else { return }
                advance()
            }
        }
    }

    private mutating func readQuotedIdentifier() -> String {
        var name: [UInt8] = []
        advance()
        while let byte = peek() {
            advance()
            if byte == UInt8(ascii: "\"") {
                guard peek() == UInt8(ascii: "\"") else { break }
                advance()
            }
            name.append(byte)
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// `E'..'`, `B'..'`, `X'..'`, `N'..'` and `U&'..'`: a letter prefix glued to a string.
    private mutating func readPrefixedString() -> SQLToken? {
        switch peek() {
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
            guard peek(1) == UInt8(ascii: "'") else { return nil }
            advance()
            skipString(backslashEscapes: true)
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "n"),
            UInt8(ascii: "N"):
            guard peek(1) == UInt8(ascii: "'") else { return nil }
            advance()
            skipString(backslashEscapes: false)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            guard peek(1) == UInt8(ascii: "&"), peek(2) == UInt8(ascii: "'") else { return nil }
            advance(2)
            skipString(backslashEscapes: false)
        default:
            return nil
        }
        return .literal
    }

    /// Only ASCII letters fold: PostgreSQL leaves other letters alone in a multibyte encoding.
    private mutating func readWord() -> String {
        let start = position
        var hasUpperCase = false
        while let byte = peek(), SQLCharacter.isIdentifierPart(byte) {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { hasUpperCase = true }
            advance()
        }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<position])
        guard hasUpperCase else { return String(decoding: word, as: UTF8.self) }
        return String(
            decoding: word.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// `42`, `1.5e-3`, `0x1F`, `1_000`: digits, letters, `_` and `.`, and a sign after an exponent.
    private mutating func readNumber() {
        while let byte = peek() {
            if SQLCharacter.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") {
                advance()
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"),
                peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            {
                advance(2)
            } else if SQLCharacter.isIdentifierStart(byte), byte < 0x80 {
                advance()
            } else {
                return
            }
        }
    }

    /// `$tag$ .. $tag$` (the tag may be empty) or a `$1` parameter; nil for a lone `$`.
    private mutating func readDollarToken() -> SQLToken? {
        if let digit = peek(1), SQLCharacter.isDigit(digit) {
            advance()
            while let byte = peek(), SQLCharacter.isDigit(byte) { advance() }
            return .literal
        }
        var offset = 1
        while let byte = peek(offset), byte != UInt8(ascii: "$") {
            guard SQLCharacter.isIdentifierPart(byte), offset > 1 || SQLCharacter.isIdentifierStart(byte) else { return nil }
            offset += 1
        }
        guard peek(offset) == UInt8(ascii: "$") else { return nil }
        let closing = UnsafeBufferPointer(rebasing: bytes[position...(position + offset)])
        advance(offset + 1)
        // The body runs to the next occurrence of the same delimiter; an unterminated body is
        // the rest of the text.
        while let byte = peek() {
            if byte == UInt8(ascii: "$"), position + closing.count <= bytes.count,
                (0..<closing.count).allSatisfy({ bytes[position + $0] == closing[$0] })
            {
                advance(closing.count)
                return .literal
            }
            advance()
        }
        return .literal
    }
}
