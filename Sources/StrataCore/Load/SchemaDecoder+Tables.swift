/// Decoding of `tables:`: columns and table-level constraints.
extension SchemaDecoder {
    static let tableKeys = [
        "columns", "primary_key", "unique", "checks", "foreign_keys", "indexes", "comment", "renamed_from",
    ]
    static let columnKeys = [
        "type", "nullable", "default", "primary_key", "unique", "references", "on_delete", "on_update", "identity",
        "generated", "comment", "renamed_from", "collation", "using",
    ]
    static let identityKeys = ["generated", "start", "increment", "min", "max", "cache", "cycle"]
    static let generatedKeys = ["expression", "stored"]
    static let primaryKeyKeys = ["columns", "name", "deferrable", "initially_deferred"]
    static let uniqueKeys = ["columns", "name", "nulls_not_distinct", "deferrable", "initially_deferred"]
    static let checkKeys = ["name", "expression"]
    static let foreignKeyKeys = [
        "name", "columns", "references", "on_delete", "on_update", "match", "deferrable", "initially_deferred",
    ]
    static let referenceKeys = ["table", "columns"]
    static let indexKeys = [
        "name", "columns", "expression", "method", "opclass", "with", "where", "include", "unique",
        "nulls_not_distinct", "concurrently", "comment",
    ]
    static let indexElementKeys = ["column", "expression", "opclass", "collation", "order", "nulls"]

    /// One table entry; a table without `columns` is reported and kept empty.
    mutating func decodeTable(_ pair: YAMLNode.Pair) -> TableDecl? {
        let tableName = name(pair)
        let what = { "table `\(tableName.value)`" }
        guard let fields = reader.fields(pair.value, what(), allowed: Self.tableKeys) else {
            return TableDecl(name: tableName, isUnresolved: true)
        }
        var table = TableDecl(name: tableName)
        if let value = fields["comment"], !isNull(value) { table.comment = reader.string(value, "`comment` of \(what())") }
        if let value = fields["renamed_from"] { table.renamedFrom = reader.string(value, "`renamed_from` of \(what())") }
        if let value = fields["columns"] {
            if let columnPairs = reader.mapping(value, "`columns` of \(what())") {
                // Exactly: a column declaration is large, and a doubled array of them for each of
                // tens of thousands of tables was a third of a large file's decoded size.
                table.columns.reserveCapacity(columnPairs.count)
                for columnPair in columnPairs {
                    if let column = decodeColumn(columnPair, table: tableName.value) { table.columns.append(column) }
                }
            } else {
                table.isUnresolved = true
            }
        } else {
            reader.diagnostics.error(LoadMessage.needs(what(), "`columns`"), at: pair.key.location)
            table.isUnresolved = true
        }
        if let value = fields["primary_key"] {
            table.primaryKey = decodeKey(value, "`primary_key` of \(what())", allowed: Self.primaryKeyKeys)
        }
        if let value = fields["unique"], !isNull(value) {
            for item in reader.list(value, "`unique` of \(what())") ?? [] {
                if let key = decodeKey(item, "a `unique` entry of \(what())", allowed: Self.uniqueKeys) {
                    table.unique.append(key)
                }
            }
        }
        if let value = fields["checks"], !isNull(value) {
            for item in reader.list(value, "`checks` of \(what())") ?? [] {
                if let check = decodeCheck(item, what()) { table.checks.append(check) }
            }
        }
        if let value = fields["foreign_keys"], !isNull(value) {
            for item in reader.list(value, "`foreign_keys` of \(what())") ?? [] {
                if let foreignKey = decodeForeignKey(item, what()) { table.foreignKeys.append(foreignKey) }
            }
        }
        if let value = fields["indexes"], !isNull(value) {
            for item in reader.list(value, "`indexes` of \(what())") ?? [] {
                if let index = decodeIndex(item, what()) { table.indexes.append(index) }
            }
        }
        return table
    }

    /// A column: a type string (shorthand) or a mapping of SPEC §3 column keys.
    mutating func decodeColumn(_ pair: YAMLNode.Pair, table: String) -> ColumnDecl? {
        let columnName = name(pair)
        var column = ColumnDecl(name: columnName)
        let what = { "column `\(table).\(columnName.value)`" }
        // Shorthand: `embedding: vector(1536)`.
        if let scalar = pair.value.scalar {
            if scalar.isNull {
                reader.diagnostics.error(LoadMessage.needs(what(), "a type"), at: pair.value.location)
                return column
            }
            column.type = Located(scalar.value, at: pair.value.location)
            return column
        }
        guard case .mapping = pair.value.content else {
            reader.diagnostics.error(
                LoadMessage.expected("a type or a mapping", for: what(), found: pair.value.kindDescription),
                at: pair.value.location)
            // Kept without a type, so references to it do not cascade into "no such column".
            return column
        }
        guard let fields = reader.fields(pair.value, what(), allowed: Self.columnKeys) else { return column }
        if let value = fields["type"] {
            column.type = reader.locatedString(value, "`type` of \(what())")
        } else {
            reader.diagnostics.error(LoadMessage.needs(what(), "a `type`"), at: pair.key.location)
        }
        if let value = fields["nullable"] {
            column.nullable = reader.bool(value, "`nullable` of \(what())").map { Located($0, at: value.location) }
        }
        if let value = fields["default"] {
            column.defaultExpression = reader.expression(value, "`default` of \(what())")
            // `default: "NULL"` is PostgreSQL's DEFAULT NULL: no default at all, like `default: null`.
            if column.defaultExpression?.value.uppercased() == "NULL" { column.defaultExpression = nil }
        }
        if let value = fields["primary_key"] {
            column.primaryKey = reader.bool(value, "`primary_key` of \(what())").map { Located($0, at: value.location) }
        }
        if let value = fields["unique"] {
            column.unique = reader.bool(value, "`unique` of \(what())").map { Located($0, at: value.location) }
        }
        if let value = fields["references"], !isNull(value) {
            column.references = reader.locatedString(value, "`references` of \(what()) (`table.column`)")
        }
        if let value = fields["on_delete"] {
            column.onDelete = reader.choice(value, "`on_delete` of \(what())", Self.referentialActions)
        }
        if let value = fields["on_update"] {
            column.onUpdate = reader.choice(value, "`on_update` of \(what())", Self.referentialActions)
        }
        if (column.onDelete != nil || column.onUpdate != nil) && column.references == nil {
            let key = fields.keyLocation("on_delete") ?? fields.keyLocation("on_update")!
            reader.diagnostics.error(LoadMessage.onDeleteNeedsReferences(what()), at: key)
        }
        if let value = fields["identity"], !isNull(value) { column.identity = decodeIdentity(value, what()) }
        if let value = fields["generated"], !isNull(value) { column.generated = decodeGenerated(value, what()) }
        if let value = fields["comment"], !isNull(value) { column.comment = reader.string(value, "`comment` of \(what())") }
        if let value = fields["renamed_from"] { column.renamedFrom = reader.string(value, "`renamed_from` of \(what())") }
        if let value = fields["collation"], !isNull(value) {
            column.collation = reader.locatedString(value, "`collation` of \(what())")
        }
        if let value = fields["using"] {
            // `using: NULL` is meaningful (discard the data), so a YAML null is kept as SQL NULL.
            if isNull(value) { column.using = "NULL" } else { column.using = reader.expression(value, "`using` of \(what())")?.value }
        }
        return column
    }

    static let identityKinds: [(String, Identity.Kind)] = [("always", .always), ("by_default", .byDefault)]

    /// `identity: always | by_default`, or a mapping with `generated` and sequence options.
    mutating func decodeIdentity(_ node: YAMLNode, _ what: @autoclosure () -> String) -> IdentityDecl? {
        if node.scalar != nil {
            guard let kind = reader.choice(node, "`identity` of \(what())", Self.identityKinds) else { return nil }
            return IdentityDecl(location: node.location, identity: Identity(kind: kind))
        }
        guard let fields = reader.fields(node, "`identity` of \(what())", allowed: Self.identityKeys) else { return nil }
        var identity = Identity(kind: .byDefault)
        if let value = fields["generated"] {
            guard let kind = reader.choice(value, "`identity.generated` of \(what())", Self.identityKinds) else { return nil }
            identity.kind = kind
        }
        identity.options = decodeSequenceOptions(fields) { key in "`identity.\(key)` of \(what())" }
        return IdentityDecl(location: node.location, identity: identity)
    }

    /// `generated: <expression>` (stored), or `{ expression, stored }`.
    mutating func decodeGenerated(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Located<GeneratedColumn>? {
        if node.scalar != nil {
            guard let expression = reader.expression(node, "`generated` of \(what())") else { return nil }
            return Located(GeneratedColumn(expression: expression.value), at: node.location)
        }
        guard let fields = reader.fields(node, "`generated` of \(what())", allowed: Self.generatedKeys) else { return nil }
        guard let expressionNode = fields["expression"] else {
            reader.diagnostics.error(LoadMessage.generatedNeedsExpression(what()), at: node.location)
            return nil
        }
        guard let expression = reader.expression(expressionNode, "`generated.expression` of \(what())") else { return nil }
        var generated = GeneratedColumn(expression: expression.value)
        if let value = fields["stored"] { generated.stored = reader.bool(value, "`generated.stored` of \(what())") ?? true }
        return Located(generated, at: node.location)
    }

    /// A `primary_key` or `unique` entry: a list of columns, or a mapping.
    mutating func decodeKey(_ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String]) -> KeyDecl? {
        if case .mapping = node.content {
            guard let fields = reader.fields(node, what(), allowed: allowed) else { return nil }
            var key = KeyDecl(location: node.location, columns: [])
            if let value = fields["columns"] {
                key.columns = reader.names(value, "`columns` of \(what())") ?? []
            } else {
                reader.diagnostics.error(LoadMessage.needs(what(), "`columns`"), at: node.location)
            }
            if let value = fields["name"] { key.name = reader.locatedString(value, "`name` of \(what())") }
            if let value = fields["nulls_not_distinct"] {
                key.nullsNotDistinct = reader.bool(value, "`nulls_not_distinct` of \(what())") ?? false
            }
            key.deferrability = decodeDeferrability(fields, what())
            return key
        }
        guard let columns = reader.names(node, what()) else { return nil }
        return KeyDecl(location: node.location, columns: columns)
    }

    /// `deferrable` / `initially_deferred`; INITIALLY DEFERRED alone implies DEFERRABLE, as in SQL.
    mutating func decodeDeferrability(_ fields: Fields, _ what: @autoclosure () -> String) -> Deferrability {
        var result = Deferrability.immediate
        if let value = fields["deferrable"] { result.deferrable = reader.bool(value, "`deferrable` of \(what())") ?? false }
        if let value = fields["initially_deferred"] {
            result.initiallyDeferred = reader.bool(value, "`initially_deferred` of \(what())") ?? false
            if result.initiallyDeferred && !result.deferrable {
                // PostgreSQL: INITIALLY DEFERRED implies DEFERRABLE only when DEFERRABLE is not refused.
                if fields["deferrable"] == nil {
                    result.deferrable = true
                } else {
                    reader.diagnostics.error(
                        LoadMessage.initiallyDeferredWithoutDeferrable(what()), at: value.location)
                }
            }
        }
        return result
    }

    /// A check: an expression string, or `{ name, expression }`.
    mutating func decodeCheck(_ node: YAMLNode, _ table: @autoclosure () -> String) -> CheckDecl? {
        func what() -> String { "a check of \(table())" }
        if node.scalar != nil {
            guard let expression = reader.expression(node, what()) else { return nil }
            return CheckDecl(location: node.location, expression: expression)
        }
        guard let fields = reader.fields(node, what(), allowed: Self.checkKeys) else { return nil }
        guard let expressionNode = fields["expression"] else {
            reader.diagnostics.error(LoadMessage.needs(what(), "an `expression`"), at: node.location)
            return nil
        }
        guard let expression = reader.expression(expressionNode, "`expression` of \(what())") else { return nil }
        var check = CheckDecl(location: node.location, expression: expression)
        if let value = fields["name"] { check.name = reader.locatedString(value, "`name` of \(what())") }
        return check
    }

    static let matchKinds: [(String, ForeignKey.Match)] = [("simple", .simple), ("full", .full)]

    /// A table-level foreign key; `references` is `{ table, columns }`, `table.column` or `table`.
    mutating func decodeForeignKey(_ node: YAMLNode, _ table: @autoclosure () -> String) -> ForeignKeyDecl? {
        func what() -> String { "a foreign key of \(table())" }
        guard let fields = reader.fields(node, what(), allowed: Self.foreignKeyKeys) else { return nil }
        guard let columnsNode = fields["columns"] else {
            reader.diagnostics.error(LoadMessage.needs(what(), "`columns`"), at: node.location)
            return nil
        }
        guard let referencesNode = fields["references"] else {
            reader.diagnostics.error(LoadMessage.needs(what(), "`references: { table: ..., columns: [...] }`"), at: node.location)
            return nil
        }
        let columns = reader.names(columnsNode, "`columns` of \(what())") ?? []
        var referencedTable: Located<String>?
        var referencedColumns: [Located<String>]?
        if let scalar = referencesNode.scalar, !scalar.isNull {
            // `references: threads` (its primary key) or `references: threads.id`.
            let parts = scalar.value.split(separator: ".", maxSplits: 1).map(String.init)
            referencedTable = Located(parts[0], at: referencesNode.location)
            if parts.count == 2 { referencedColumns = [Located(parts[1], at: referencesNode.location)] }
        } else if let reference = reader.fields(referencesNode, "`references` of \(what())", allowed: Self.referenceKeys) {
            if let value = reference["table"] {
                referencedTable = reader.locatedString(value, "`references.table` of \(what())")
            } else {
                reader.diagnostics.error(LoadMessage.referencesNeedsTable(what()), at: referencesNode.location)
            }
            if let value = reference["columns"] { referencedColumns = reader.names(value, "`references.columns` of \(what())") }
        }
        guard let referencedTable else { return nil }
        var foreignKey = ForeignKeyDecl(
            location: node.location, columns: columns, referencedTable: referencedTable, referencedColumns: referencedColumns)
        if let value = fields["name"] { foreignKey.name = reader.locatedString(value, "`name` of \(what())") }
        if let value = fields["on_delete"] {
            foreignKey.onDelete = reader.choice(value, "`on_delete` of \(what())", Self.referentialActions) ?? .noAction
        }
        if let value = fields["on_update"] {
            foreignKey.onUpdate = reader.choice(value, "`on_update` of \(what())", Self.referentialActions) ?? .noAction
        }
        if let value = fields["match"] { foreignKey.match = reader.choice(value, "`match` of \(what())", Self.matchKinds) ?? .simple }
        foreignKey.deferrability = decodeDeferrability(fields, what())
        return foreignKey
    }
}
