public import StrataCore

/// Rewrites the declared schema's expressions (column defaults, generated columns, checks, index
/// expressions and predicates) and index operator classes into PostgreSQL's own printing, by
/// building each table as a temporary table inside a transaction that is rolled back, and reading
/// the catalog back with `search_path = pg_catalog` (the round trip of PG-DDL §6, without a
/// scratch database).
///
/// After this, `compareForDrift` compares like with like: `'new'` becomes
/// `'new'::negentropy.status`, `n>0` becomes `n > 0`, an explicitly named default operator class
/// becomes nil. Each expression is probed on its own (under a savepoint), so one that the database
/// cannot evaluate (a function or sequence it lacks) stays as declared and is named in
/// `unresolved`; the rest of its table is still canonicalized. Needs only the TEMP privilege;
/// nothing persists. Must be called outside a transaction (it opens and rolls back its own).
///
/// `searchPath` is the path the declared expressions are resolved in; nil keeps the session's.
public func canonicalizeExpressions(
    in schema: Schema, on connection: borrowing Connection, searchPath: [String]? = nil
) throws(PostgresError) -> (schema: Schema, unresolved: [String]) {
    guard connection.transactionStatus == .idle else {
        throw PostgresError(kind: .usage, message: "canonicalizeExpressions must run outside a transaction")
    }
    var result = schema
    var unresolved: [String] = []
    let sessionPath = try connection.execute("SELECT current_setting('search_path')").value(row: 0, column: 0) ?? ""
    let probePath = searchPath.map { $0.map { Identifier.quotedIfNeeded($0) }.joined(separator: ", ") } ?? sessionPath
    try connection.execute("BEGIN")
    do throws(PostgresError) {
        for index in result.tables.indices {
            var probe = ExpressionProbe(
                table: result.tables[index], qualifiedName: "\(schema.name).\(result.tables[index].name)",
                probePath: probePath)
            try probe.run(on: connection, into: &result.tables[index])
            unresolved += probe.unresolved
        }
        try connection.execute("ROLLBACK")
    } catch {
        _ = try? connection.execute("ROLLBACK")
        throw error
    }
    return (result, unresolved)
}

/// One table's probe: `pg_temp.strata_probe` with the declared columns, then each expression
/// added and read back under its own savepoint.
struct ExpressionProbe {
    let table: Table
    let qualifiedName: String
    let probePath: String
    var unresolved: [String] = []
    static let tableName = "pg_temp.strata_probe"

    mutating func run(on connection: borrowing Connection, into output: inout Table) throws(PostgresError) {
        try connection.execute("SAVEPOINT strata_probe_table")
        defer {
            _ = try? connection.execute("ROLLBACK TO SAVEPOINT strata_probe_table")
            _ = try? connection.execute("RELEASE SAVEPOINT strata_probe_table")
        }
        try usePath(probePath, on: connection)
        let columns = table.columns.map { column -> String in
            var text = Identifier.quotedIfNeeded(column.name) + " " + column.type.sql
            if let collation = column.collation { text += " COLLATE " + Identifier.quotedIfNeeded(collation) }
            return text
        }
        do throws(PostgresError) {
            try connection.execute("CREATE TEMP TABLE strata_probe (\(columns.joined(separator: ", ")))")
        } catch {
            unresolved.append("\(qualifiedName): \(error.message)")
            return
        }
        for position in table.columns.indices {
            let column = table.columns[position]
            if let generated = column.generated {
                let sql = "ALTER TABLE \(Self.tableName) ADD COLUMN strata_probe_generated \(column.type.sql) "
                    + "GENERATED ALWAYS AS (\(generated.expression)) " + (generated.stored ? "STORED" : "VIRTUAL")
                if let printed = try probe("\(qualifiedName).\(column.name) generated expression", sql, read: Self.readDefault("strata_probe_generated"), on: connection) {
                    output.columns[position].generated?.expression = strippingOuterParentheses(printed)
                }
            } else if let expression = column.defaultExpression {
                let sql = "ALTER TABLE \(Self.tableName) ALTER COLUMN \(Identifier.quotedIfNeeded(column.name)) SET DEFAULT \(expression)"
                if let printed = try probe("\(qualifiedName).\(column.name) default", sql, read: Self.readDefault(column.name), on: connection) {
                    output.columns[position].defaultExpression = printed
                }
            }
        }
        for position in table.checks.indices {
            let check = table.checks[position]
            let sql = "ALTER TABLE \(Self.tableName) ADD CONSTRAINT strata_probe_check CHECK (\(check.expression))"
            let read = """
                SELECT pg_get_constraintdef(oid, true) FROM pg_constraint
                WHERE conrelid = 'pg_temp.strata_probe'::regclass AND conname = 'strata_probe_check'
                """
            if let printed = try probe("check \(check.name) on \(qualifiedName)", sql, read: read, on: connection) {
                output.checks[position].expression = CatalogReader(schemaName: "", versionTable: "").checkExpression(printed)
            }
        }
        for position in table.indexes.indices {
            try probeIndex(at: position, on: connection, into: &output)
        }
    }

    /// Indexes with expressions, a predicate or explicit operator classes: build on the probe
    /// table, read back each key's printing and whether its operator class is the default.
    mutating func probeIndex(at position: Int, on connection: borrowing Connection, into output: inout Table) throws(PostgresError) {
        let index = table.indexes[position]
        let needsProbe = index.predicate != nil || index.elements.contains { element in
            if case .expression = element.key { return true }
            return element.opclass != nil
        }
        guard needsProbe else { return }
        let elements = index.elements.map { element -> String in
            var text: String
            switch element.key {
            case .column(let name): text = Identifier.quotedIfNeeded(name)
            case .expression(let expression): text = "(\(expression))"
            }
            if let opclass = element.opclass { text += " " + opclass.sql }
            return text
        }
        var sql = "CREATE INDEX strata_probe_index ON \(Self.tableName) USING \(index.method.rawValue) (\(elements.joined(separator: ", ")))"
        if let predicate = index.predicate { sql += " WHERE \(predicate)" }
        let label = "index \(index.name) on \(qualifiedName)"
        guard try attempt(label, sql, on: connection) else { return }
        let rows = try connection.execute(
            """
            SELECT k.n, ix.indkey[k.n - 1] = 0, pg_get_indexdef(ix.indexrelid, k.n::int, true),
                   pg_get_expr(ix.indpred, ix.indrelid, true), opc.opcdefault
            FROM pg_index ix CROSS JOIN LATERAL generate_series(1, ix.indnkeyatts) AS k(n)
            LEFT JOIN pg_opclass opc ON opc.oid = ix.indclass[k.n - 1]
            WHERE ix.indexrelid = 'pg_temp.strata_probe_index'::regclass
            ORDER BY k.n
            """
        ).rows
        for row in rows {
            let element = Int(row[0]!)! - 1
            guard element < output.indexes[position].elements.count else { continue }
            if row[1] == "t", let text = row[2] { output.indexes[position].elements[element].key = .expression(text) }
            if row[4] == "t" { output.indexes[position].elements[element].opclass = nil }
            if let predicate = row[3] { output.indexes[position].predicate = predicate }
        }
        try finish(on: connection)
    }

    /// Runs `sql` under a savepoint, reads one value with `read` in `search_path = pg_catalog`,
    /// and undoes both; nil (and an `unresolved` entry) if the server rejects `sql`.
    mutating func probe(_ label: String, _ sql: String, read: String, on connection: borrowing Connection) throws(PostgresError) -> String? {
        guard try attempt(label, sql, on: connection) else { return nil }
        let value = try connection.execute(read).rows.first?.first ?? nil
        try finish(on: connection)
        return value
    }

    /// Opens the item savepoint and runs `sql`; on failure rolls back to it and records why.
    mutating func attempt(_ label: String, _ sql: String, on connection: borrowing Connection) throws(PostgresError) -> Bool {
        try connection.execute("SAVEPOINT strata_probe_item")
        do throws(PostgresError) {
            try connection.execute(sql)
        } catch {
            try connection.execute("ROLLBACK TO SAVEPOINT strata_probe_item")
            try connection.execute("RELEASE SAVEPOINT strata_probe_item")
            unresolved.append("\(label): \(error.message)")
            return false
        }
        try usePath("pg_catalog", on: connection)
        return true
    }

    /// Undoes the item and restores the probe path.
    func finish(on connection: borrowing Connection) throws(PostgresError) {
        try connection.execute("ROLLBACK TO SAVEPOINT strata_probe_item")
        try connection.execute("RELEASE SAVEPOINT strata_probe_item")
        try usePath(probePath, on: connection)
    }

    func usePath(_ path: String, on connection: borrowing Connection) throws(PostgresError) {
        try connection.execute("SELECT set_config('search_path', $1, true)", parameters: [path])
    }

    static func readDefault(_ column: String) -> String {
        """
        SELECT pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'pg_temp.strata_probe'::regclass AND a.attname = '\(column.replacing("'", with: "''"))'
        """
    }
}
