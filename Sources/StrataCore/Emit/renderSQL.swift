/// SQL spellings shared by the statement renderers.
struct SQLNames {
    let schema: String

    func qualified(_ name: String) -> String { Identifier.qualified(schema, name) }
    func ident(_ name: String) -> String { Identifier.quotedIfNeeded(name) }
    func list(_ names: [String]) -> String { names.map(ident).joined(separator: ", ") }

    /// `name type [COLLATE c] [GENERATED ...] [DEFAULT e] [NOT NULL]`, as in a CREATE TABLE.
    func columnDefinition(_ column: Column) -> String {
        // Appended in place, not joined from an array of parts: a large schema has tens of
        // thousands of columns.
        var text = ident(column.name) + " " + column.type.sql
        if let collation = column.collation { text += " COLLATE " + ident(collation) }
        if let generated = column.generated {
            // Always explicit: PostgreSQL 18 makes an unmarked generated column VIRTUAL.
            text += " GENERATED ALWAYS AS (\(generated.expression)) \(generated.stored ? "STORED" : "VIRTUAL")"
        }
        if let identity = column.identity { text += " " + identityClause(identity) }
        if let expression = column.defaultExpression { text += " DEFAULT " + expression }
        if !column.nullable { text += " NOT NULL" }
        return text
    }

    func identityClause(_ identity: Identity) -> String {
        var text = "GENERATED \(identity.kind == .always ? "ALWAYS" : "BY DEFAULT") AS IDENTITY"
        let options = identity.options.clauses
        if !options.isEmpty { text += " (" + options.joined(separator: " ") + ")" }
        return text
    }

    func deferrability(_ value: Deferrability) -> String {
        guard value.deferrable else { return "" }
        return value.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE"
    }

    func primaryKey(_ key: PrimaryKey) -> String {
        "CONSTRAINT \(ident(key.name)) PRIMARY KEY (\(list(key.columns)))" + deferrability(key.deferrability)
    }

    func unique(_ key: UniqueConstraint) -> String {
        "CONSTRAINT \(ident(key.name)) UNIQUE\(key.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") (\(list(key.columns)))"
            + deferrability(key.deferrability)
    }

    func check(_ check: CheckConstraint) -> String {
        "CONSTRAINT \(ident(check.name)) CHECK (\(check.expression))"
    }

    func foreignKey(_ key: ForeignKey) -> String {
        var text =
            "CONSTRAINT \(ident(key.name)) FOREIGN KEY (\(list(key.columns))) REFERENCES \(qualified(key.referencedTable)) (\(list(key.referencedColumns)))"
        if key.match == .full { text += " MATCH FULL" }
        if key.onDelete != .noAction { text += " ON DELETE " + key.onDelete.sql }
        if key.onUpdate != .noAction { text += " ON UPDATE " + key.onUpdate.sql }
        return text + deferrability(key.deferrability)
    }

    func indexElement(_ element: IndexElement) -> String {
        var text: String
        switch element.key {
        case .column(let column): text = ident(column)
        case .expression(let expression): text = "(\(expression))"
        }
        if let collation = element.collation { text += " COLLATE " + ident(collation) }
        if let opclass = element.opclass { text += " " + opclass.sql }
        if let order = element.order { text += order == .asc ? " ASC" : " DESC" }
        if let nulls = element.nulls { text += nulls == .first ? " NULLS FIRST" : " NULLS LAST" }
        return text
    }

    func createIndex(table: String, _ index: Index) -> String {
        // A concurrent build runs on its own after the body (and may be resumed), so it must be
        // idempotent: IF NOT EXISTS (apply first drops an INVALID index a failed build left).
        var text = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(index.concurrently == true ? "CONCURRENTLY IF NOT EXISTS " : "")"
        text += "\(ident(index.name)) ON \(qualified(table)) USING \(index.method.rawValue) ("
        text += index.elements.map(indexElement).joined(separator: ", ") + ")"
        if !index.include.isEmpty { text += " INCLUDE (\(list(index.include)))" }
        if index.nullsNotDistinct { text += " NULLS NOT DISTINCT" }
        if !index.storageParameters.isEmpty {
            text += " WITH (" + index.storageParameters.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + ")"
        }
        if let predicate = index.predicate { text += " WHERE \(predicate)" }
        return text + ";"
    }
}
