/// Appends JSON text in Foundation's pretty-printed layout (two-space indent, `"key" : value`,
/// an empty container as open, blank line, close) straight into a byte buffer, for writers that
/// know their keys and emit them already in `.sortedKeys` order. No value tree is built: a
/// 1,000-table snapshot is several megabytes, and the tree cost more than the text.
package struct PrettyJSONText {
    private(set) var bytes: [UInt8] = []
    /// Nesting depth of the container being written.
    private var level = 0
    /// Whether the open container has no entry yet (the separator before an entry depends on it).
    private var isEmpty = true

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts an object entry; the value is written next. `name` must be plain ASCII, no escapes.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        append(Self.keySuffix)
    }

    /// Starts an array element; the value is written next.
    mutating func element() { separate() }

    /// Forgets the text written so far (handed out elsewhere), keeping the buffer and the nesting.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// The newline that ends a file.
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { appendString($0) }
    }

    mutating func bool(_ value: Bool) {
        append(value ? "true" : "false")
    }

    mutating func integer(_ value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    // MARK: - Layout

    // Static strings, not arrays: appending one retains nothing (there are hundreds of
    // thousands of keys and indents in a large snapshot).
    private static let keySuffix: StaticString = "\" : "
    private static let spaces: StaticString = "                                                                "

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        level += 1
        isEmpty = true
    }

    private mutating func close(_ bracket: UInt8) {
        level -= 1
        bytes.append(UInt8(ascii: "\n"))
        if isEmpty { bytes.append(UInt8(ascii: "\n")) }
        indent()
        bytes.append(bracket)
        // The enclosing container now holds the entry that just closed.
        isEmpty = false
    }

    private mutating func separate() {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\n"))
        indent()
        isEmpty = false
    }

    private mutating func indent() {
        var remaining = level * 2
        while remaining > 0 {
            let run = min(remaining, Self.spaces.utf8CodeUnitCount)
            Self.spaces.withUTF8Buffer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<run])) }
            remaining -= run
        }
    }

    /// `text` as a JSON string literal, spelled as Foundation's `JSONEncoder` spells it (`"` and `\`
    /// escaped, the control characters with a short escape use it, the others `\u00XX`, `/` and
    /// non-ASCII as is): the CLI's `--format json` output writes its strings with it.
    package static func stringLiteral(_ text: String) -> String {
        var literal = PrettyJSONText()
        var text = text
        text.withUTF8 { literal.appendString($0) }
        return String(decoding: literal.bytes, as: UTF8.self)
    }

    /// A string literal as `stringLiteral` spells it; runs without anything to escape are copied whole.
    private mutating func appendString(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            appendEscape(byte)
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: Array("u00".utf8))
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}
