/// A composed YAML node with the location where it starts; aliases are already resolved.
struct YAMLNode: Hashable, Sendable {
    /// A scalar as written; `isPlain` tells an unquoted `null`/`true` from a quoted string.
    struct Scalar: Hashable, Sendable {
        var value: String
        var isPlain: Bool
        var tag: String?

        /// Plain `null`, `~` or nothing at all: YAML's null (unless tagged `!!str`).
        var isNull: Bool {
            isPlain && tag == nil && ["", "~", "null", "Null", "NULL"].contains(value)
        }
    }

    /// One `key: value` entry of a mapping.
    struct Pair: Hashable, Sendable {
        var key: YAMLNode
        var value: YAMLNode
    }

    enum Content: Hashable, Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    var content: Content
    var location: SourceLocation

    /// The scalar, if this node is one.
    var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// How the node is described in "expected …, found …" messages.
    var kindDescription: String {
        switch content {
        case .scalar(let scalar):
            if scalar.isNull { return "null" }
            return scalar.isPlain ? "`\(scalar.value)`" : "the string `\(scalar.value)`"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Number of nodes in this tree, used to bound alias expansion.
    var nodeCount: Int {
        switch content {
        case .scalar: return 1
        case .sequence(let items): return 1 + items.reduce(0) { $0 + $1.nodeCount }
        case .mapping(let pairs): return 1 + pairs.reduce(0) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}
