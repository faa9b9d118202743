/// PostgreSQL identifiers: quoting and the 63-byte limit (NAMEDATALEN - 1).
public enum Identifier {
    /// The longest identifier PostgreSQL keeps, in bytes.
    public static let maxBytes = 63

    /// `name` as SQL, double-quoted only when PostgreSQL requires it: anything but a lower-case
    /// letter or underscore followed by lower-case letters, digits, underscores and `$`, or a
    /// reserved keyword.
    public static func quotedIfNeeded(_ name: String, isTypeName: Bool = false) -> String {
        if isTypeName && name.utf8.contains(0x20) { return name }  // `double precision`, `character varying`
        if isPlain(name) && !ReservedKeywords.contains(name) { return name }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// `schema.name` (or just `name` without a schema), each part quoted only when PostgreSQL
    /// requires it. The one spelling of a schema-qualified name in every module.
    public static func qualified(_ schema: String?, _ name: String) -> String {
        (schema.map { quotedIfNeeded($0) + "." } ?? "") + quotedIfNeeded(name)
    }

    /// Read as UTF-8 bytes: every byte of a non-ASCII character fails the test, as its scalar does.
    static func isPlain(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLowercaseLetter(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || isLowercaseLetter(byte)
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }
}

/// Keywords that cannot be used as a column or table name without quotes
/// (PostgreSQL's RESERVED_KEYWORD and the type/function-name ones that matter for columns).
enum ReservedKeywords {
    static func contains(_ word: String) -> Bool { words.contains(word) }

    static let words: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
        "both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
        "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
        "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
        "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
        "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
        "with",
    ]
}
