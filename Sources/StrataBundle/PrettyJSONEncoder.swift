/// Encodes a value to exactly the bytes Foundation's `JSONEncoder` writes with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (two-space indent, `"key" : value`, an empty list
/// as `[` blank line `]`), without its cost: Foundation boxes every value into `Any` and sorts
/// keys with locale-aware comparison, which made encoding a 1,000-table snapshot a large share
/// of a compile. Only what the bundle's own Codable types use is supported: strings, integers,
/// booleans, nil, nested keyed and unkeyed containers. A value it cannot encode exactly
/// (a floating-point number) traps, as encoding the bundle's types cannot fail.
struct PrettyJSONEncoder {
    static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let root = JSONNode()
        do {
            try value.encode(to: TreeEncoder(node: root, codingPath: []))
        } catch {
            preconditionFailure("encoding \(Value.self) to JSON failed: \(error)")
        }
        var writer = PrettyJSONWriter()
        writer.write(root, indent: 0)
        return writer.bytes
    }
}

/// One JSON value under construction. A class: containers hand out nested containers that are
/// filled in after they are attached.
final class JSONNode {
    enum Content {
        case empty
        /// A scalar already spelled as JSON text (`"x"`, `12`, `true`, `null`).
        case scalar(String)
        case object([(key: String, node: JSONNode)])
        case array([JSONNode])
    }

    var content = Content.empty

    /// The node as an object, turning an empty node into one.
    func appendEntry(_ key: String) -> JSONNode {
        let child = JSONNode()
        switch content {
        case .object(var entries):
            content = .empty  // keep the array uniquely referenced while appending
            if let index = entries.firstIndex(where: { $0.key == key }) {
                entries[index].node = child
            } else {
                entries.append((key, child))
            }
            content = .object(entries)
        default:
            content = .object([(key, child)])
        }
        return child
    }

    func appendElement() -> JSONNode {
        let child = JSONNode()
        switch content {
        case .array(var items):
            content = .empty
            items.append(child)
            content = .array(items)
        default:
            content = .array([child])
        }
        return child
    }

    func makeObject() { if case .object = content {} else { content = .object([]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
}

/// Coding paths stay empty: they only serve error messages, and encoding the bundle's types
/// cannot fail; building them cost an allocation per value.
private struct TreeEncoder: Encoder {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: node, codingPath: codingPath)
    }
}

/// Encodes `value` into `node`: scalars directly, anything else through its `encode(to:)`.
private func encodeValue<T: Encodable>(_ value: T, into node: JSONNode, codingPath: [any CodingKey]) throws {
    switch value {
    case let string as String: node.content = .scalar(jsonString(string))
    case let bool as Bool: node.content = .scalar(bool ? "true" : "false")
    case let number as Int: node.content = .scalar(String(number))
    case let number as Int64: node.content = .scalar(String(number))
    case let number as Int32: node.content = .scalar(String(number))
    case let number as Int16: node.content = .scalar(String(number))
    case let number as Int8: node.content = .scalar(String(number))
    case let number as UInt: node.content = .scalar(String(number))
    case let number as UInt64: node.content = .scalar(String(number))
    case let number as UInt32: node.content = .scalar(String(number))
    case let number as UInt16: node.content = .scalar(String(number))
    case let number as UInt8: node.content = .scalar(String(number))
    case is Double, is Float:
        preconditionFailure("PrettyJSONEncoder does not encode floating-point numbers")
    default:
        try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.appendEntry(key.stringValue).content = .scalar("null") }

    // The scalar overloads synthesized Codable calls directly, so no value goes through a
    // dynamic cast.
    mutating func encode(_ value: String, forKey key: Key) throws {
        node.appendEntry(key.stringValue).content = .scalar(jsonString(value))
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        node.appendEntry(key.stringValue).content = .scalar(value ? "true" : "false")
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        node.appendEntry(key.stringValue).content = .scalar(String(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        node.appendEntry(key.stringValue).content = .scalar(String(value))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.appendEntry(key.stringValue), codingPath: [])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = node.appendEntry(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: []))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.appendEntry(key.stringValue)
        child.makeArray()
        return UnkeyedContainer(node: child, codingPath: [])
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.appendEntry("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.appendEntry(key.stringValue), codingPath: [])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendElement().content = .scalar("null") }
    mutating func encode(_ value: String) throws { node.appendElement().content = .scalar(jsonString(value)) }
    mutating func encode(_ value: Bool) throws { node.appendElement().content = .scalar(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { node.appendElement().content = .scalar(String(value)) }
    mutating func encode(_ value: Int64) throws { node.appendElement().content = .scalar(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path: [any CodingKey] = []
        try encodeValue(value, into: node.appendElement(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let path: [any CodingKey] = []
        let child = node.appendElement()
        child.makeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path: [any CodingKey] = []
        let child = node.appendElement()
        child.makeArray()
        return UnkeyedContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.appendElement(), codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar("null") }
    mutating func encode(_ value: String) throws { node.content = .scalar(jsonString(value)) }
    mutating func encode(_ value: Bool) throws { node.content = .scalar(value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { node.content = .scalar(String(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .scalar(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node, codingPath: codingPath)
    }
}

/// A JSON string literal as Foundation writes it: `"` and `\` escaped, the control characters
/// that have a short escape use it, other control characters as `\u00XX`, `/` and everything
/// else (non-ASCII included) as is. The CLI's `--format json` output uses it too.
public func jsonString(_ text: String) -> String {
    var needsEscape = false
    for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
        needsEscape = true
        break
    }
    guard needsEscape else { return "\"" + text + "\"" }
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

/// Writes nodes in Foundation's pretty-printed layout.
private struct PrettyJSONWriter {
    var bytes: [UInt8] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func indentation(_ level: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }

    mutating func write(_ node: JSONNode, indent: Int) {
        switch node.content {
        case .empty:
            append("{\n\n")  // a value that encoded nothing: Foundation writes an empty object
            indentation(indent)
            append("}")
        case .scalar(let text):
            append(text)
        case .array(let items):
            append("[\n")
            if items.isEmpty { append("\n") }
            for (index, item) in items.enumerated() {
                indentation(indent + 1)
                write(item, indent: indent + 1)
                append(index == items.count - 1 ? "\n" : ",\n")
            }
            indentation(indent)
            append("]")
        case .object(let entries):
            append("{\n")
            if entries.isEmpty { append("\n") }
            let sorted = entries.sorted { foundationKeyOrder($0.key, $1.key) }
            for (index, entry) in sorted.enumerated() {
                indentation(indent + 1)
                append(jsonString(entry.key))
                append(" : ")
                write(entry.node, indent: indent + 1)
                append(index == sorted.count - 1 ? "\n" : ",\n")
            }
            indentation(indent)
            append("}")
        }
    }
}

/// `.sortedKeys` order for the ASCII property names of the bundle's types: case-insensitive,
/// then byte order to break ties.
func foundationKeyOrder(_ a: String, _ b: String) -> Bool {
    func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
    var left = a.utf8.makeIterator()
    var right = b.utf8.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8)  // equal but for case
        case (nil, _): return true
        case (_, nil): return false
        case (let x?, let y?):
            if folded(x) != folded(y) { return folded(x) < folded(y) }
        }
    }
}
