/// Why a JSON text did not read as the value wanted, and where: `path` is filled in while the
/// error travels out of the nested objects and arrays, so reading costs nothing for it.
struct JSONReadError: Error {
    var reason: String
    /// `.tables`, `[3]`, `.name`, outermost first.
    var path: [String] = []

    /// The one-line reason `DeterministicJSON.describe` gives for Foundation's errors.
    var description: String {
        reason + " " + (path.isEmpty ? "at the top level" : "at " + path.joined())
    }

    func inside(_ component: String) -> JSONReadError {
        var error = self
        error.path.insert(component, at: 0)
        return error
    }
}

/// Reads JSON values in document order straight out of the bytes, for decoders that know the
/// shape they expect: no tree of values is built and no `Decoder` boxes each one (Foundation's
/// `JSONDecoder` with synthesized `Decodable` spent most of an incremental compile reading the
/// previous snapshot).
struct JSONPullReader {
    private let bytes: [UInt8]
    private var position = 0

    /// A leading UTF-8 BOM is skipped, as for every file of the bundle (the checksum ignores it too).
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Calls `body` once per entry of an object, with the reader at the entry's value, which
    /// `body` must read (or `skipValue`).
    mutating func object(_ body: (inout JSONPullReader, String) throws(JSONReadError) -> Void)
        throws(JSONReadError)
    {
        try expect(UInt8(ascii: "{"), "expected an object")
        if try consume(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw JSONReadError(reason: "expected a key") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "expected ':' after a key")
            do {
                try body(&self, key)
            } catch {
                throw error.inside("." + key)
            }
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "expected ',' or '}'")
    }

    /// Calls `body` once per element of an array, with the reader at the element.
    mutating func array(_ body: (inout JSONPullReader) throws(JSONReadError) -> Void) throws(JSONReadError) {
        try expect(UInt8(ascii: "["), "expected an array")
        if try consume(UInt8(ascii: "]")) { return }
        var index = 0
        repeat {
            do {
                try body(&self)
            } catch {
                throw error.inside("[\(index)]")
            }
            index += 1
        } while try consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "expected ',' or ']'")
    }

    /// The elements of an array, each read by `element`.
    mutating func list<Element>(_ element: (inout JSONPullReader) throws(JSONReadError) -> Element)
        throws(JSONReadError) -> [Element]
    {
        var values: [Element] = []
        try array { reader throws(JSONReadError) in values.append(try element(&reader)) }
        return values
    }

    mutating func strings() throws(JSONReadError) -> [String] {
        try list { reader throws(JSONReadError) in try reader.string() }
    }

    mutating func string() throws(JSONReadError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw JSONReadError(reason: "expected String") }
        position += 1
        let start = position
        // Fast path: no escape, the text is the bytes between the quotes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONReadError(reason: "unescaped control character in a string") }
            position += 1
        }
        var utf8 = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"): try readEscape(into: &utf8)
            case ..<0x20: throw JSONReadError(reason: "unescaped control character in a string")
            default: utf8.append(byte)
            }
        }
        throw JSONReadError(reason: "unterminated string")
    }

    mutating func bool() throws(JSONReadError) -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw JSONReadError(reason: "expected Bool")
    }

    mutating func integer() throws(JSONReadError) -> Int64 {
        skipWhitespace()
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw JSONReadError(reason: "number out of range") }
            magnitude = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw JSONReadError(reason: "expected a number") }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw JSONReadError(reason: "expected an integer")
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw JSONReadError(reason: "number out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw JSONReadError(reason: "number out of range") }
        return Int64(magnitude)
    }

    /// Consumes a `null` if one is next; true when it did.
    mutating func null() throws(JSONReadError) -> Bool { try literal("null") }

    /// Reads past one value of any kind (an entry this reader does not know).
    mutating func skipValue() throws(JSONReadError) {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"): try object { reader, _ throws(JSONReadError) in try reader.skipValue() }
        case UInt8(ascii: "["): try array { reader throws(JSONReadError) in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): guard try null() else { throw JSONReadError(reason: "unexpected character") }
        default:
            // A number: JSON's grammar, loosely.
            let start = position
            while let byte = peek(),
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                    || byte == UInt8(ascii: "E")
            {
                position += 1
            }
            guard position > start else { throw JSONReadError(reason: "unexpected character") }
        }
    }

    /// Only whitespace may follow the top-level value.
    mutating func finish() throws(JSONReadError) {
        skipWhitespace()
        guard position == bytes.count else { throw JSONReadError(reason: "unexpected text after the value") }
    }

    // MARK: - Bytes

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after optional whitespace; true when it was there.
    private mutating func consume(_ byte: UInt8) throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ byte: UInt8, _ reason: String) throws(JSONReadError) {
        guard try consume(byte) else { throw JSONReadError(reason: reason) }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func readEscape(into utf8: inout [UInt8]) throws(JSONReadError) {
        guard let byte = peek() else { throw JSONReadError(reason: "unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "u"):
            var value = try hexQuad()
            // A UTF-16 surrogate pair spells one scalar beyond the basic plane.
            if (0xD800..<0xDC00).contains(value), try literal("\\u") {
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw JSONReadError(reason: "invalid surrogate pair") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw JSONReadError(reason: "invalid \\u escape") }
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw JSONReadError(reason: "invalid escape in a string")
        }
    }

    private mutating func hexQuad() throws(JSONReadError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw JSONReadError(reason: "invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONReadError(reason: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
