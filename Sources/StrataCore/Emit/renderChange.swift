/// The statements that carry out one change: usually one, several for an enum recreation.
func renderChange(_ change: Change, schema: String) -> [SQLStatement] {
    let sql = SQLNames(schema: schema)
    func alterTable(_ table: String, _ action: String) -> SQLStatement {
        SQLStatement("ALTER TABLE \(sql.qualified(table)) \(action);")
    }
    func alterColumn(_ table: String, _ column: String, _ action: String) -> SQLStatement {
        alterTable(table, "ALTER COLUMN \(sql.ident(column)) \(action)")
    }
    switch change {
    case .createSchema(let name):
        return [SQLStatement("CREATE SCHEMA IF NOT EXISTS \(sql.ident(name));")]
    case .createExtension(let ext):
        return [SQLStatement("CREATE EXTENSION IF NOT EXISTS \(sql.ident(ext.name)) WITH SCHEMA \(sql.ident(ext.schema));")]
    case .renameEnum(let from, let to):
        return [SQLStatement("ALTER TYPE \(sql.qualified(from)) RENAME TO \(sql.ident(to));")]
    case .renameTable(let from, let to):
        return [SQLStatement("ALTER TABLE \(sql.qualified(from)) RENAME TO \(sql.ident(to));")]
    case .renameColumn(let table, let from, let to):
        return [alterTable(table, "RENAME COLUMN \(sql.ident(from)) TO \(sql.ident(to))")]
    case .renameConstraint(let table, let from, let to):
        return [alterTable(table, "RENAME CONSTRAINT \(sql.ident(from)) TO \(sql.ident(to))")]
    case .renameIndex(let from, let to):
        return [SQLStatement("ALTER INDEX \(sql.qualified(from)) RENAME TO \(sql.ident(to));")]
    case .renameSequence(let from, let to):
        return [SQLStatement("ALTER SEQUENCE \(sql.qualified(from)) RENAME TO \(sql.ident(to));")]
    case .renameIdentitySequence(let table, let column, let to):
        let target = sqlLiteral(to)
        return [
            SQLStatement([
                "DO $strata$",
                "DECLARE",
                "    sequence regclass := pg_get_serial_sequence(\(sqlLiteral(sql.qualified(table))), \(sqlLiteral(column)));",
                "BEGIN",
                "    IF (SELECT relname FROM pg_catalog.pg_class WHERE oid = sequence) <> \(target) THEN",
                "        EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', sequence, \(target));",
                "    END IF;",
                "END",
                "$strata$;",
            ])
        ]
    case .createEnum(let enumType):
        return [createEnum(enumType.name, values: enumType.values, sql: sql)]
    case .addEnumValue(let enumName, let value, let position):
        // IF NOT EXISTS: the statement runs on its own, outside a transaction; a retry after a
        // failure later in the script must not fail here.
        var text = "ALTER TYPE \(sql.qualified(enumName)) ADD VALUE IF NOT EXISTS \(sqlLiteral(value))"
        switch position {
        case .before(let other): text += " BEFORE \(sqlLiteral(other))"
        case .after(let other): text += " AFTER \(sqlLiteral(other))"
        case nil: break
        }
        return [SQLStatement(text + ";", nonTransactional: true)]
    case .recreateEnum(let recreation):
        return recreateEnum(recreation, sql: sql)
    case .dropEnum(let name):
        return [SQLStatement("DROP TYPE \(sql.qualified(name));")]
    case .createSequence(let sequence):
        var parts = ["CREATE SEQUENCE \(sql.qualified(sequence.name))"]
        if let dataType = sequence.dataType { parts.append("AS \(dataType)") }
        parts += sequence.options.clauses
        return [SQLStatement(parts.joined(separator: " ") + ";")]
    case .alterSequence(let before, let after):
        return [SQLStatement("ALTER SEQUENCE \(sql.qualified(after.name)) \(sequenceChanges(from: before, to: after).joined(separator: " "));")]
    case .setSequenceOwner(let sequence, let owner):
        let target = owner.map { sql.qualified($0.table) + "." + sql.ident($0.column) } ?? "NONE"
        return [SQLStatement("ALTER SEQUENCE \(sql.qualified(sequence)) OWNED BY \(target);")]
    case .dropSequence(let name):
        return [SQLStatement("DROP SEQUENCE \(sql.qualified(name));")]
    case .createTable(let table):
        return [createTable(table, sql: sql)]
    case .dropTable(let name):
        return [SQLStatement("DROP TABLE \(sql.qualified(name));")]
    case .addColumn(let table, let column):
        return [alterTable(table, "ADD COLUMN " + sql.columnDefinition(column))]
    case .dropColumn(let table, let column):
        return [alterTable(table, "DROP COLUMN \(sql.ident(column.name))")]
    case .alterColumnType(let typeChange):
        return [alterColumn(typeChange.table, typeChange.column, typeAction(typeChange, sql: sql))]
    case .setNotNull(let table, let column):
        return [alterColumn(table, column, "SET NOT NULL")]
    case .dropNotNull(let table, let column):
        return [alterColumn(table, column, "DROP NOT NULL")]
    case .setDefault(let table, let column, let expression):
        return [alterColumn(table, column, "SET DEFAULT \(expression)")]
    case .dropDefault(let table, let column):
        return [alterColumn(table, column, "DROP DEFAULT")]
    case .addIdentity(let table, let column, let identity):
        return [alterColumn(table, column, "ADD " + sql.identityClause(identity))]
    case .alterIdentity(let table, let column, let before, let after):
        return [alterColumn(table, column, identityChanges(from: before, to: after).joined(separator: " "))]
    case .dropIdentity(let table, let column):
        return [alterColumn(table, column, "DROP IDENTITY")]
    case .continueSequence(let continuation):
        return [continueSequence(continuation, sql: sql)]
    case .setGeneratedExpression(let table, let column, let generated):
        return [alterColumn(table, column, "SET EXPRESSION AS (\(generated.expression))")]
    case .dropGeneratedExpression(let table, let column):
        return [alterColumn(table, column, "DROP EXPRESSION")]
    case .addPrimaryKey(let table, let key):
        return [alterTable(table, "ADD " + sql.primaryKey(key))]
    case .addUnique(let table, let key):
        return [alterTable(table, "ADD " + sql.unique(key))]
    case .addCheck(let table, let check):
        return [alterTable(table, "ADD " + sql.check(check))]
    case .addForeignKey(let table, let key):
        return [alterTable(table, "ADD " + sql.foreignKey(key))]
    case .dropConstraint(let table, let name, _):
        return [alterTable(table, "DROP CONSTRAINT \(sql.ident(name))")]
    case .createIndex(let table, let index):
        return [SQLStatement(sql.createIndex(table: table, index), nonTransactional: index.concurrently == true)]
    case .dropIndex(_, let index):
        let concurrently = index.concurrently == true
        return [
            SQLStatement(
                // Concurrent drops run on their own: IF EXISTS makes a retry safe.
                "DROP INDEX \(concurrently ? "CONCURRENTLY IF EXISTS " : "")\(sql.qualified(index.name));",
                nonTransactional: concurrently)
        ]
    case .addCheckNotValid(let table, let check):
        return [alterTable(table, "ADD " + sql.check(check) + " NOT VALID")]
    case .addForeignKeyNotValid(let table, let key):
        return [alterTable(table, "ADD " + sql.foreignKey(key) + " NOT VALID")]
    case .validateConstraint(let table, let name, _):
        // Validating a valid constraint is a no-op: safe to repeat on resume.
        return [alterTable(table, "VALIDATE CONSTRAINT \(sql.ident(name))")]
    case .setNotNullChecked(let table, let column, _):
        return [alterColumn(table, column, "SET NOT NULL")]
    case .dropHelperCheck(let table, let name):
        return [alterTable(table, "DROP CONSTRAINT IF EXISTS \(sql.ident(name))")]
    case .addConstraintUsingIndex(let table, let name, let primaryKey, let deferrability):
        return [
            alterTable(
                table,
                "ADD CONSTRAINT \(sql.ident(name)) \(primaryKey ? "PRIMARY KEY" : "UNIQUE") USING INDEX \(sql.ident(name))"
                    + sql.deferrability(deferrability))
        ]
    case .replaceConstraintUsingIndex(let table, let name, let temporary, let primaryKey, let deferrability):
        return [
            alterTable(
                table,
                "DROP CONSTRAINT IF EXISTS \(sql.ident(name)), ADD CONSTRAINT \(sql.ident(name)) "
                    + "\(primaryKey ? "PRIMARY KEY" : "UNIQUE") USING INDEX \(sql.ident(temporary))"
                    + sql.deferrability(deferrability))
        ]
    case .finishIndexReplacement(_, let temporary, let name):
        return [SQLStatement("ALTER INDEX IF EXISTS \(sql.qualified(temporary)) RENAME TO \(sql.ident(name));")]
    case .createRoutine, .renameRoutine, .dropRoutine:
        return renderRoutineChange(change, sql: sql)
    case .setComment(let target, let text):
        let object: String
        switch target {
        case .schema: object = "SCHEMA \(sql.ident(schema))"
        case .table(let table): object = "TABLE \(sql.qualified(table))"
        case .column(let table, let column): object = "COLUMN \(sql.qualified(table)).\(sql.ident(column))"
        case .index(let index): object = "INDEX \(sql.qualified(index))"
        case .enumType(let name): object = "TYPE \(sql.qualified(name))"
        case .sequence(let name): object = "SEQUENCE \(sql.qualified(name))"
        }
        return [SQLStatement("COMMENT ON \(object) IS \(text.map(sqlLiteral) ?? "NULL");")]
    }
}

/// `TYPE t [COLLATE c] [USING e]` of an `ALTER COLUMN`; dropping a collation is `COLLATE "default"`.
func typeAction(_ typeChange: ColumnTypeChange, sql: SQLNames) -> String {
    var action = "TYPE \(typeChange.to.sql)"
    if let collation = typeChange.collation {
        action += " COLLATE \(sql.ident(collation))"
    } else if typeChange.oldCollation != nil {
        action += " COLLATE \"default\""
    }
    if let using = typeChange.using { action += " USING \(using)" }
    return action
}

func createEnum(_ name: String, values: [String], sql: SQLNames) -> SQLStatement {
    SQLStatement("CREATE TYPE \(sql.qualified(name)) AS ENUM (\(values.map(sqlLiteral).joined(separator: ", ")));")
}

/// `CREATE TABLE` with one column or constraint per line, every constraint named.
func createTable(_ table: Table, sql: SQLNames) -> SQLStatement {
    var elements = table.columns.map(sql.columnDefinition)
    if let key = table.primaryKey { elements.append(sql.primaryKey(key)) }
    elements += table.uniqueConstraints.map(sql.unique)
    elements += table.checks.map(sql.check)
    elements += table.foreignKeys.map(sql.foreignKey)
    if elements.isEmpty { return SQLStatement("CREATE TABLE \(sql.qualified(table.name)) ();") }
    var lines = ["CREATE TABLE \(sql.qualified(table.name)) ("]
    for (position, element) in elements.enumerated() {
        lines.append("    " + element + (position == elements.count - 1 ? "" : ","))
    }
    lines.append(");")
    return SQLStatement(lines)
}

/// The enum recreation of PG-DDL §2.12: move the old type aside, create the new one, convert
/// each table's columns in one `ALTER TABLE` (one rewrite per table). The old type is dropped by
/// a separate `dropEnum` change at the end of the script.
func recreateEnum(_ recreation: EnumRecreation, sql: SQLNames) -> [SQLStatement] {
    let newType = sql.qualified(recreation.name)
    var statements = [
        SQLStatement("ALTER TYPE \(newType) RENAME TO \(sql.ident(recreation.temporaryName));"),
        createEnum(recreation.name, values: recreation.newValues, sql: sql),
    ]
    var tables: [String] = []
    for use in recreation.columns where !tables.contains(use.table) { tables.append(use.table) }
    for table in tables {
        var actions: [String] = []
        for use in recreation.columns where use.table == table {
            let column = sql.ident(use.column)
            if use.hadDefault { actions.append("ALTER COLUMN \(column) DROP DEFAULT") }
            let suffix = use.isArray ? "[]" : ""
            actions.append("ALTER COLUMN \(column) TYPE \(newType)\(suffix) USING \(column)::text\(suffix)::\(newType)\(suffix)")
            if let expression = use.defaultExpression { actions.append("ALTER COLUMN \(column) SET DEFAULT \(expression)") }
        }
        var lines = ["ALTER TABLE \(sql.qualified(table))"]
        for (position, action) in actions.enumerated() {
            lines.append("    " + action + (position == actions.count - 1 ? ";" : ","))
        }
        statements.append(SQLStatement(lines))
    }
    return statements
}

/// `ALTER SEQUENCE` options for what changed; a removed option goes back to PostgreSQL's default.
func sequenceChanges(from before: SequenceDefinition, to after: SequenceDefinition) -> [String] {
    (before.dataType != after.dataType ? ["AS \(after.dataType ?? "bigint")"] : [])
        + before.options.changes(to: after.options)
}

/// `ALTER COLUMN ... SET GENERATED ... SET option ...` for what changed in an identity.
func identityChanges(from before: Identity, to after: Identity) -> [String] {
    (before.kind != after.kind ? ["SET GENERATED \(after.kind == .always ? "ALWAYS" : "BY DEFAULT")"] : [])
        + before.options.changes(to: after.options, clausePrefix: "SET ")
}

/// `setval` of a sequence taking over an existing column's numbering: past the column's largest
/// value (smallest, descending) and the replaced sequence's position, whichever is further. An
/// empty column and an unused sequence leave it at its start; a value below the start needs no
/// move (and `setval` would refuse it).
func continueSequence(_ continuation: SequenceContinuation, sql: SQLNames) -> SQLStatement {
    let table = sql.qualified(continuation.table)
    func regclass(_ source: SequenceContinuation.Source) -> String {
        switch source {
        case .named(let name): return sqlLiteral(sql.qualified(name)) + "::regclass"
        // The first argument is parsed as a (quoted) name, the second taken literally.
        case .identityOf(let column): return "pg_get_serial_sequence(\(sqlLiteral(table)), \(sqlLiteral(column)))::regclass"
        }
    }
    let (furthest, aggregate, beyond) = continuation.descending ? ("LEAST", "min", "<=") : ("GREATEST", "max", ">=")
    var value = "\(aggregate)(\(sql.ident(continuation.column)))"
    if let carried = continuation.carriedFrom {
        // NULL while the sequence was never used: the column alone counts then.
        value = "\(furthest)(pg_sequence_last_value(\(regclass(carried))), \(value))"
    }
    return SQLStatement([
        "SELECT setval(s.seqrelid, v.value)",
        "FROM pg_catalog.pg_sequence AS s, (SELECT \(value) AS value FROM \(table)) AS v",
        "WHERE s.seqrelid = \(regclass(continuation.sequence)) AND v.value \(beyond) s.seqstart;",
    ])
}
