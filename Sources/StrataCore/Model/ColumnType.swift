/// A column type, normalized to the spelling PostgreSQL's `format_type()` prints, so that
/// aliases (`int`, `int4`, `integer`) compare equal and never produce a change.
///
/// `name` is the base spelling without modifiers (`character varying`, `timestamp with time zone`,
/// `vector`, `memory_kind`); `modifiers` are the typmod numbers (`[255]`, `[10, 2]`, `[1536]`);
/// `schema` qualifies every type that is not built in: the managed schema for its enums, the
/// extension's schema for pgvector types, another schema for referenced external types.
public struct ColumnType: Codable, Hashable, Sendable, CustomStringConvertible {
    public var schema: String?
    public var name: String
    public var modifiers: [Int]
    public var isArray: Bool

    public init(schema: String? = nil, name: String, modifiers: [Int] = [], isArray: Bool = false) {
        self.schema = schema
        self.name = name
        self.modifiers = modifiers
        self.isArray = isArray
    }

    /// The unqualified spelling, as `format_type()` prints it with the type's schema on the
    /// search path: `character varying(255)`, `timestamp(3) with time zone`, `text[]`.
    public var unqualifiedSQL: String {
        // The common case, without modifiers, spelled without building the modifier text.
        if modifiers.isEmpty {
            let text = Identifier.quotedIfNeeded(name, isTypeName: true)
            return isArray ? text + "[]" : text
        }
        var text: String
        let modifierText = modifiers.isEmpty ? "" : "(" + modifiers.map(String.init).joined(separator: ",") + ")"
        // time and timestamp put the precision before "with/without time zone".
        if !modifierText.isEmpty, let space = name.firstIndex(of: " "),
            name.hasPrefix("timestamp ") || name.hasPrefix("time ")
        {
            text = String(name[..<space]) + modifierText + String(name[space...])
        } else {
            text = Identifier.quotedIfNeeded(name, isTypeName: true) + modifierText
        }
        if isArray { text += "[]" }
        return text
    }

    /// The spelling used in emitted SQL: schema-qualified whenever `schema` is set, so no
    /// script depends on the session's `search_path`.
    public var sql: String {
        guard let schema else { return unqualifiedSQL }
        return Identifier.quotedIfNeeded(schema) + "." + unqualifiedSQL
    }

    public var description: String { sql }

    /// The pgvector family this type belongs to, if any (ignores arrays of vectors).
    public var vectorKind: VectorKind? {
        isArray ? nil : VectorKind(rawValue: name)
    }
}

/// pgvector's four types; `bit(n)` is built in but pgvector indexes it.
public enum VectorKind: String, Codable, Hashable, Sendable, CaseIterable {
    case vector, halfvec, sparsevec, bit
}

/// A possibly schema-qualified name of something strata references but does not own
/// (an operator class, a collation).
public struct QualifiedName: Codable, Hashable, Sendable, CustomStringConvertible {
    public var schema: String?
    public var name: String

    public init(schema: String? = nil, name: String) {
        self.schema = schema
        self.name = name
    }

    public var sql: String {
        Identifier.qualified(schema, name)
    }

    public var description: String { sql }
}
