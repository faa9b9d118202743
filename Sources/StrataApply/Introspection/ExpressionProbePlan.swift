import StrataCore

/// What `canonicalizeExpressions` builds on the server to have it reprint the declared
/// expressions: per table a temporary table `pg_temp.strata_probe_<t>` with the declared columns,
/// their defaults, the generated columns (as `strata_probe_g<position>`, so that a check naming the
/// column still finds a plain one), the checks (as `strata_probe_c<k>`), and the indexes that have
/// expressions, a predicate or an explicit operator class (as `strata_probe_<t>_i<k>`).
///
/// Two forms of the same objects: `fastStatements`, one `CREATE TEMP TABLE` per table with
/// everything inline plus the indexes, sent as one message; and `items`, one statement per
/// expression, which the fallback runs each under its own subtransaction so that one expression
/// the server cannot evaluate leaves the rest canonicalized.
struct ExpressionProbePlan {
    /// What an item probes; its index into the declared table's lists.
    enum Target: Equatable {
        case setup, table, defaultExpression(column: Int), generated(column: Int), check(Int), index(Int)
    }

    struct Item {
        /// The table (index into `schema.tables`); -1 for setup statements.
        var table: Int
        var target: Target
        /// How a failure is named in `unresolved`.
        var label: String
        var sql: String
    }

    let schema: Schema
    /// Statements the stand-in probe server runs first (schema, extensions, enums, sequences it lacks).
    var setup: [String] = []
    var items: [Item] = []
    var fastStatements: [String] = []

    static let tablePrefix = "strata_probe_"
    static let generatedPrefix = "strata_probe_g"
    static let checkPrefix = "strata_probe_c"

    init(schema: Schema, setup: [String] = []) {
        self.schema = schema
        self.setup = setup
        items = setup.map { Item(table: -1, target: .setup, label: "probe server: \($0)", sql: $0) }
        fastStatements = setup
        for position in schema.tables.indices { add(table: position) }
    }

    /// Nothing to reprint: no defaults, generated columns, checks or probed indexes.
    var isEmpty: Bool { !items.contains { $0.target != .setup && $0.target != .table } }

    static func tableName(_ table: Int) -> String { "\(tablePrefix)\(table)" }
    static func indexName(table: Int, index: Int) -> String { "\(tablePrefix)\(table)_i\(index)" }

    private mutating func add(table position: Int) {
        let table = schema.tables[position]
        let qualifiedName = "\(schema.name).\(table.name)"
        let probeTable = "pg_temp." + Self.tableName(position)
        func plain(_ column: Column) -> String {
            var text = Identifier.quotedIfNeeded(column.name) + " " + column.type.sql
            if let collation = column.collation { text += " COLLATE " + Identifier.quotedIfNeeded(collation) }
            return text
        }
        func generatedColumn(_ column: Column, at index: Int) -> String? {
            guard let generated = column.generated else { return nil }
            return "\(Self.generatedPrefix)\(index) \(column.type.sql) GENERATED ALWAYS AS (\(generated.expression)) "
                + (generated.stored ? "STORED" : "VIRTUAL")
        }
        let startOfTable = items.count
        items.append(
            Item(table: position, target: .table, label: qualifiedName,
                 sql: "CREATE TEMP TABLE \(Self.tableName(position)) (\(table.columns.map(plain).joined(separator: ", ")))"))
        var inline: [String] = []
        for (index, column) in table.columns.enumerated() {
            var definition = plain(column)
            if let generated = generatedColumn(column, at: index) {
                items.append(
                    Item(table: position, target: .generated(column: index),
                         label: "\(qualifiedName).\(column.name) generated expression",
                         sql: "ALTER TABLE \(probeTable) ADD COLUMN \(generated)"))
                inline.append(definition)
                inline.append(generated)
                continue
            }
            if let expression = column.defaultExpression {
                items.append(
                    Item(table: position, target: .defaultExpression(column: index), label: "\(qualifiedName).\(column.name) default",
                         sql: "ALTER TABLE \(probeTable) ALTER COLUMN \(Identifier.quotedIfNeeded(column.name)) SET DEFAULT \(expression)"))
                // In parentheses: a column's DEFAULT clause takes a restricted expression grammar.
                definition += " DEFAULT (\(expression))"
            }
            inline.append(definition)
        }
        for (index, check) in table.checks.enumerated() {
            let constraint = "CONSTRAINT \(Self.checkPrefix)\(index) CHECK (\(check.expression))"
            items.append(
                Item(table: position, target: .check(index), label: "check \(check.name) on \(qualifiedName)",
                     sql: "ALTER TABLE \(probeTable) ADD \(constraint)"))
            inline.append(constraint)
        }
        // A table with nothing to reprint needs no probe table.
        guard items.count > startOfTable + 1 || table.indexes.contains(where: Self.needsProbe) else {
            items.removeLast()
            return
        }
        fastStatements.append("CREATE TEMP TABLE \(Self.tableName(position)) (\(inline.joined(separator: ", ")))")
        for (index, declared) in table.indexes.enumerated() where Self.needsProbe(declared) {
            let elements = declared.elements.map { element -> String in
                var text: String
                switch element.key {
                case .column(let name): text = Identifier.quotedIfNeeded(name)
                case .expression(let expression): text = "(\(expression))"
                }
                if let opclass = element.opclass { text += " " + opclass.sql }
                return text
            }
            var sql = "CREATE INDEX \(Self.indexName(table: position, index: index)) ON \(probeTable) "
                + "USING \(declared.method.rawValue) (\(elements.joined(separator: ", ")))"
            if let predicate = declared.predicate { sql += " WHERE \(predicate)" }
            items.append(Item(table: position, target: .index(index), label: "index \(declared.name) on \(qualifiedName)", sql: sql))
            fastStatements.append(sql)
        }
    }

    /// Indexes with expressions, a predicate or explicit operator classes: the server reprints
    /// each key and says whether its operator class is the default.
    static func needsProbe(_ index: Index) -> Bool {
        index.predicate != nil || index.elements.contains { element in
            if case .expression = element.key { return true }
            return element.opclass != nil
        }
    }

    /// One query for everything the probe built, run with `search_path = pg_catalog`:
    /// `kind, table, name, key number, key is an expression, text, opclass is default`, where kind
    /// is `d` (a default or generation expression), `c` (a check) or `i` (an index key; its
    /// predicate in every row of the index).
    static let readBack = """
        SELECT 'd', c.relname, a.attname, 0, false, pg_get_expr(d.adbin, d.adrelid), NULL::bool, NULL
        FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE c.relnamespace = pg_my_temp_schema() AND left(c.relname, 13) = 'strata_probe_'
        UNION ALL
        SELECT 'c', c.relname, con.conname, 0, false, pg_get_constraintdef(con.oid, true), NULL, NULL
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE c.relnamespace = pg_my_temp_schema() AND left(c.relname, 13) = 'strata_probe_' AND con.contype = 'c'
        UNION ALL
        SELECT 'i', t.relname, i.relname, k.n, ix.indkey[k.n - 1] = 0, pg_get_indexdef(ix.indexrelid, k.n::int, true),
               opc.opcdefault, pg_get_expr(ix.indpred, ix.indrelid, true)
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        CROSS JOIN LATERAL generate_series(1, ix.indnkeyatts) AS k(n)
        LEFT JOIN pg_opclass opc ON opc.oid = ix.indclass[k.n - 1]
        WHERE t.relnamespace = pg_my_temp_schema() AND left(t.relname, 13) = 'strata_probe_'
        """

    /// Writes what the server printed into `schema`'s tables.
    func apply(readBack rows: [[String?]], to output: inout Schema) {
        for row in rows {
            guard let relation = row[1], relation.hasPrefix(Self.tablePrefix),
                  let table = Int(relation.dropFirst(Self.tablePrefix.count)), output.tables.indices.contains(table),
                  let name = row[2]
            else { continue }
            switch row[0] {
            case "d":
                guard let printed = row[5] else { continue }
                if name.hasPrefix(Self.generatedPrefix), let column = Int(name.dropFirst(Self.generatedPrefix.count)),
                   output.tables[table].columns.indices.contains(column), output.tables[table].columns[column].generated != nil {
                    output.tables[table].columns[column].generated?.expression = strippingOuterParentheses(printed)
                } else if let column = output.tables[table].columns.firstIndex(where: { $0.name == name }),
                          output.tables[table].columns[column].defaultExpression != nil {
                    output.tables[table].columns[column].defaultExpression = printed
                }
            case "c":
                guard name.hasPrefix(Self.checkPrefix), let check = Int(name.dropFirst(Self.checkPrefix.count)),
                      output.tables[table].checks.indices.contains(check), let printed = row[5] else { continue }
                output.tables[table].checks[check].expression = CatalogReader(schemaName: "", versionTable: "").checkExpression(printed)
            case "i":
                let prefix = "\(Self.tableName(table))_i"
                guard name.hasPrefix(prefix), let index = Int(name.dropFirst(prefix.count)),
                      output.tables[table].indexes.indices.contains(index),
                      let key = row[3].flatMap({ Int($0) }) else { continue }
                let element = key - 1
                guard output.tables[table].indexes[index].elements.indices.contains(element) else { continue }
                if row[4] == "t", let text = row[5] { output.tables[table].indexes[index].elements[element].key = .expression(text) }
                if row[6] == "t" { output.tables[table].indexes[index].elements[element].opclass = nil }
                if let predicate = row[7] { output.tables[table].indexes[index].predicate = predicate }
            default:
                continue
            }
        }
    }
}
