internal import StrataCore

/// Identifier spelling for the statements `apply` writes itself (bookkeeping, cleanup).
enum SQLText {
    /// `schema.name`, each part quoted only when PostgreSQL needs it.
    static func qualified(_ schema: String, _ name: String) -> String {
        Identifier.qualified(schema, name)
    }

    static func identifier(_ name: String) -> String { Identifier.quotedIfNeeded(name) }
}
