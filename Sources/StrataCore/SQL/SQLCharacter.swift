/// The byte classes of PostgreSQL's SQL scanner (scan.l, and psql's psqlscan.l, which copies it):
/// one definition for strata's two readings of SQL text, the statement splitter (where each
/// statement ends, streamed) and `SQLByteScanner` (the tokens of one statement or expression).
/// Any byte with the high bit set is an identifier letter, as in PostgreSQL, so UTF-8 text needs
/// no decoding.
package enum SQLCharacter {
    /// Space, tab, line feed, carriage return, form feed, vertical tab (scan.l `space`).
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }

    package static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    package static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// `[A-Za-z\200-\377_]` (scan.l `ident_start`).
    package static func isIdentifierStart(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// `[A-Za-z\200-\377_0-9\$]` (scan.l `ident_cont`).
    package static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }

    /// ASCII upper case folded to lower case, as PostgreSQL folds unquoted identifiers.
    package static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
