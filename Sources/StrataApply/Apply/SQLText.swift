internal import StrataCore

/// SQL spelling helpers for the statements `apply` writes itself (bookkeeping, cleanup).
enum SQLText {
    /// `'text'` with quotes doubled. Safe because `apply` runs with standard_conforming_strings on
    /// (PostgreSQL's default since 9.1; the session sets it explicitly).
    static func literal(_ text: String) -> String {
        var quoted = "'"
        for character in text {
            quoted.append(character)
            if character == "'" { quoted.append("'") }
        }
        return quoted + "'"
    }

    static func literal(_ text: String?) -> String {
        text.map { literal($0) } ?? "NULL"
    }

    /// `schema.name`, each part quoted only when PostgreSQL needs it.
    static func qualified(_ schema: String, _ name: String) -> String {
        Identifier.quotedIfNeeded(schema) + "." + Identifier.quotedIfNeeded(name)
    }

    static func identifier(_ name: String) -> String { Identifier.quotedIfNeeded(name) }
}
