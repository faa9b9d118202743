public import StrataCore

/// Rewrites the declared schema's expressions (column defaults, generated columns, checks, index
/// expressions and predicates) into PostgreSQL's own printing, by creating each table as a
/// temporary table inside a transaction that is rolled back, and reading the catalog back with
/// `search_path = pg_catalog` (the round-trip of PG-DDL §6, without a scratch database).
///
/// After this, `compareForDrift` compares like with like: `'new'` becomes
/// `'new'::negentropy.status`, `n>0` becomes `n > 0`. A table whose probe fails (for example a
/// default that calls a function the database lacks) keeps its expressions as declared and is
/// named in `unresolved`. Needs only the TEMP privilege; nothing persists. Must be called outside a
/// transaction (it opens and rolls back its own).
public func canonicalizeExpressions(
    in schema: Schema, on connection: borrowing Connection, searchPath: [String]? = nil
) throws(PostgresError) -> (schema: Schema, unresolved: [String]) {
    var result = schema
    var unresolved: [String] = []
    guard connection.transactionStatus == .idle else {
        throw PostgresError(kind: .usage, message: "canonicalizeExpressions must run outside a transaction")
    }
    let restorePath = try connection.execute("SELECT current_setting('search_path')").value(row: 0, column: 0) ?? ""
    let probePath = searchPath.map { $0.map { Identifier.quotedIfNeeded($0) }.joined(separator: ", ") } ?? restorePath
    try connection.execute("BEGIN")
    do throws(PostgresError) {
        for index in result.tables.indices {
            try connection.execute("SAVEPOINT strata_probe")
            do throws(PostgresError) {
                try connection.execute("SELECT set_config('search_path', $1, true)", parameters: [probePath])
                try ExpressionProbe(table: result.tables[index]).run(on: connection, into: &result.tables[index])
            } catch {
                unresolved.append("\(schema.name).\(result.tables[index].name): \(error.message)")
            }
            try connection.execute("ROLLBACK TO SAVEPOINT strata_probe")
        }
        try connection.execute("ROLLBACK")
    } catch {
        _ = try? connection.execute("ROLLBACK")
        throw error
    }
    return (result, unresolved)
}

/// One table's probe: create it as `pg_temp.strata_probe`, read the printed expressions back.
struct ExpressionProbe {
    let table: Table
    static let tableName = "pg_temp.strata_probe"

    func run(on connection: borrowing Connection, into output: inout Table) throws(PostgresError) {
        let columns = table.columns.map { column -> String in
            var text = Identifier.quotedIfNeeded(column.name) + " " + column.type.sql
            if let collation = column.collation { text += " COLLATE " + Identifier.quotedIfNeeded(collation) }
            if let generated = column.generated {
                text += " GENERATED ALWAYS AS (\(generated.expression)) " + (generated.stored ? "STORED" : "VIRTUAL")
            } else if let expression = column.defaultExpression {
                text += " DEFAULT \(expression)"
            }
            return text
        }
        try connection.execute("CREATE TEMP TABLE strata_probe (\(columns.joined(separator: ", ")))")
        for check in table.checks {
            try connection.execute(
                "ALTER TABLE \(Self.tableName) ADD CONSTRAINT \(Identifier.quotedIfNeeded(check.name)) CHECK (\(check.expression))")
        }
        // Only indexes whose text the server reprints need a probe.
        var probedIndexes: [(position: Int, probeName: String)] = []
        for (position, index) in table.indexes.enumerated() {
            let hasExpression = index.elements.contains { if case .expression = $0.key { true } else { false } }
            guard hasExpression || index.predicate != nil else { continue }
            let probeName = "strata_probe_idx_\(position)"
            let elements = index.elements.map { element -> String in
                var text: String
                switch element.key {
                case .column(let name): text = Identifier.quotedIfNeeded(name)
                case .expression(let expression): text = "(\(expression))"
                }
                if let opclass = element.opclass { text += " " + opclass.sql }
                return text
            }
            var sql = "CREATE INDEX \(probeName) ON \(Self.tableName) USING \(index.method.rawValue) (\(elements.joined(separator: ", ")))"
            if let predicate = index.predicate { sql += " WHERE \(predicate)" }
            try connection.execute(sql)
            probedIndexes.append((position, probeName))
        }

        // Read back as the catalog prints it for the live schema.
        try connection.execute("SELECT set_config('search_path', 'pg_catalog', true)")
        let defaults = try connection.execute(
            """
            SELECT a.attname, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = 'pg_temp.strata_probe'::regclass
            """
        ).rows
        for row in defaults {
            guard let position = output.columns.firstIndex(where: { $0.name == row[0] }), let printed = row[1] else { continue }
            if output.columns[position].generated != nil {
                output.columns[position].generated!.expression = strippingOuterParentheses(printed)
            } else {
                output.columns[position].defaultExpression = printed
            }
        }
        let checks = try connection.execute(
            """
            SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint
            WHERE conrelid = 'pg_temp.strata_probe'::regclass AND contype = 'c'
            """
        ).rows
        let reader = CatalogReader(schemaName: "", versionTable: "")
        for row in checks {
            guard let position = output.checks.firstIndex(where: { $0.name == row[0] }), let printed = row[1] else { continue }
            output.checks[position].expression = reader.checkExpression(printed)
        }
        for (position, probeName) in probedIndexes {
            let printed = try connection.execute(
                """
                SELECT k.n, ix.indkey[k.n - 1] = 0, pg_get_indexdef(ix.indexrelid, k.n::int, true),
                       pg_get_expr(ix.indpred, ix.indrelid, true)
                FROM pg_index ix CROSS JOIN LATERAL generate_series(1, ix.indnatts) AS k(n)
                WHERE ix.indexrelid = $1::regclass
                ORDER BY k.n
                """, parameters: ["pg_temp.\(probeName)"]
            ).rows
            for row in printed {
                let element = Int(row[0]!)! - 1
                if row[1] == "t", element < output.indexes[position].elements.count, let text = row[2] {
                    output.indexes[position].elements[element].key = .expression(text)
                }
                if let predicate = row[3] { output.indexes[position].predicate = predicate }
            }
        }
    }
}
