import StrataCore

/// What `canonicalizeExpressions` builds on the server to have it reprint the declared
/// expressions, in as few temporary tables as possible (each costs the server a relation, often
/// with a TOAST table: a thousand of them took 3.5 s):
///
/// - **Defaults** print the same whatever table holds them (they cannot name a column): every
///   distinct (type, collation, expression) becomes one column `d<n>` of a shared table
///   `strata_probe_d<k>`.
/// - **Generated columns, checks and probed indexes** name columns, so they go on a table with
///   the declared table's columns. Declared tables share one such table `strata_probe_t<k>` when
///   every column name they have in common has the same type and collation there (an `id bigint`
///   is the same column for all of them); a generated column becomes `strata_probe_g<t>_<c>`, a
///   check the constraint `strata_probe_c<t>_<k>`, an index `strata_probe_i<t>_<k>`, where `t` is
///   the declared table's position and `c`/`k` the position in its list.
///
/// Two forms of the same objects: `fastStatements`, one `CREATE TEMP TABLE` per probe table with
/// everything inline plus the indexes, sent as one message; and `items`, one statement per
/// expression, which the fallback runs each under its own subtransaction so that one expression
/// the server cannot evaluate leaves the rest canonicalized.
struct ExpressionProbePlan {
    /// What an item probes.
    enum Target: Equatable {
        case setup, table, defaultExpression, generated, check, index
    }

    struct Item {
        /// The probe table the item needs (`setup` items need none).
        var probeTable: String?
        var target: Target
        /// How a failure is named in `unresolved`.
        var label: String
        var sql: String
    }

    /// A shared table for the columns, generated columns, checks and indexes of several declared tables.
    struct ShapeTable {
        var columns: [String: String] = [:]
        var columnOrder: [String] = []
        var extra: [String] = []
        var tables: [Int] = []
        var width: Int { columnOrder.count + extra.count }
    }

    let schema: Schema
    var items: [Item] = []
    var fastStatements: [String] = []
    /// Declared columns (table, column) per default probe column `d<n>`.
    var defaultUsers: [[(table: Int, column: Int)]] = []
    /// A check or index: its declared table and its position in that table's list.
    struct Position: Hashable {
        var table: Int
        var position: Int
    }
    /// Checks and indexes that print like the probed one they are keyed by (not built themselves).
    var sharedChecks: [Position: [Position]] = [:]
    var sharedIndexes: [Position: [Position]] = [:]

    static let prefix = "strata_probe_"
    /// Columns per probe table (PostgreSQL allows 1,600).
    static let maximumWidth = 1000

    init(schema: Schema, setup: [String] = []) {
        self.schema = schema
        items = setup.map { Item(probeTable: nil, target: .setup, label: "probe server: \($0)", sql: $0) }
        fastStatements = setup
        addDefaults()
        addShapes()
    }

    /// Nothing to reprint: no defaults, generated columns, checks or probed indexes.
    var isEmpty: Bool { !items.contains { $0.target != .setup && $0.target != .table } }

    static func plainDefinition(_ column: Column) -> String {
        var text = column.type.sql
        if let collation = column.collation { text += " COLLATE " + Identifier.quotedIfNeeded(collation) }
        return text
    }

    private mutating func addDefaults() {
        var keys: [String: Int] = [:]
        var definitions: [String] = []
        var expressions: [String] = []
        for (t, table) in schema.tables.enumerated() {
            for (c, column) in table.columns.enumerated() where column.generated == nil {
                guard let expression = column.defaultExpression else { continue }
                let definition = Self.plainDefinition(column)
                let key = definition + "\u{0}" + expression
                if let existing = keys[key] {
                    defaultUsers[existing].append((t, c))
                    continue
                }
                keys[key] = definitions.count
                definitions.append(definition)
                expressions.append(expression)
                defaultUsers.append([(t, c)])
            }
        }
        var start = 0
        while start < definitions.count {
            let end = min(start + Self.maximumWidth, definitions.count)
            let table = "\(Self.prefix)d\(start / Self.maximumWidth)"
            let range = start..<end
            items.append(Item(probeTable: table, target: .table, label: "\(schema.name) (defaults)",
                              sql: "CREATE TEMP TABLE \(table) (" + range.map { "d\($0) \(definitions[$0])" }.joined(separator: ", ") + ")"))
            for n in range {
                let users = defaultUsers[n].prefix(3).map { "\(schema.name).\(schema.tables[$0.table].name).\(schema.tables[$0.table].columns[$0.column].name)" }
                let others = defaultUsers[n].count - users.count
                let label = users.joined(separator: ", ") + (others > 0 ? " and \(others) more" : "") + " default"
                items.append(Item(probeTable: table, target: .defaultExpression, label: label,
                                  sql: "ALTER TABLE pg_temp.\(table) ALTER COLUMN d\(n) SET DEFAULT \(expressions[n])"))
            }
            // In parentheses: a column's DEFAULT clause takes a restricted expression grammar.
            fastStatements.append(
                "CREATE TEMP TABLE \(table) (" + range.map { "d\($0) \(definitions[$0]) DEFAULT (\(expressions[$0]))" }.joined(separator: ", ") + ")")
            start = end
        }
    }

    private mutating func addShapes() {
        var shapes: [ShapeTable] = []
        for (t, table) in schema.tables.enumerated() {
            let generated = table.columns.indices.filter { table.columns[$0].generated != nil }
            let indexes = table.indexes.indices.filter { Self.needsProbe(table.indexes[$0]) }
            guard !generated.isEmpty || !table.checks.isEmpty || !indexes.isEmpty else { continue }
            let width = table.columns.count + generated.count
            let fits = { (shape: ShapeTable) -> Bool in
                let added = table.columns.filter { shape.columns[$0.name] == nil }.count
                return shape.width + added + generated.count <= Self.maximumWidth
                    && table.columns.allSatisfy { column in shape.columns[column.name].map { $0 == Self.plainDefinition(column) } ?? true }
            }
            var target = shapes.firstIndex(where: fits)
            if target == nil || width > Self.maximumWidth {
                shapes.append(ShapeTable())
                target = shapes.count - 1
            }
            let s = target!
            for column in table.columns where shapes[s].columns[column.name] == nil {
                shapes[s].columns[column.name] = Self.plainDefinition(column)
                shapes[s].columnOrder.append(column.name)
            }
            shapes[s].tables.append(t)
            shapes[s].extra.append(contentsOf: generated.map { "g\(t)_\($0)" })
        }
        for (k, shape) in shapes.enumerated() {
            let name = "\(Self.prefix)t\(k)"
            let probeTable = "pg_temp.\(name)"
            let plain = shape.columnOrder.map { Identifier.quotedIfNeeded($0) + " " + shape.columns[$0]! }
            items.append(Item(probeTable: name, target: .table,
                              label: shape.tables.map { "\(schema.name).\(schema.tables[$0].name)" }.joined(separator: ", "),
                              sql: "CREATE TEMP TABLE \(name) (\(plain.joined(separator: ", ")))"))
            var inline = plain
            var indexStatements: [String] = []
            // On one probe table, the same check or index prints the same for every declared
            // table that has it: built once, its printing given to all of them.
            var checkKeys: [String: Position] = [:], indexKeys: [String: Position] = [:]
            for t in shape.tables {
                let table = schema.tables[t]
                let qualifiedName = "\(schema.name).\(table.name)"
                for (c, column) in table.columns.enumerated() {
                    guard let generated = column.generated else { continue }
                    let definition = "\(Self.prefix)g\(t)_\(c) \(column.type.sql) GENERATED ALWAYS AS (\(generated.expression)) "
                        + (generated.stored ? "STORED" : "VIRTUAL")
                    items.append(Item(probeTable: name, target: .generated, label: "\(qualifiedName).\(column.name) generated expression",
                                      sql: "ALTER TABLE \(probeTable) ADD COLUMN \(definition)"))
                    inline.append(definition)
                }
                for (k, check) in table.checks.enumerated() {
                    if let first = checkKeys[check.expression] {
                        sharedChecks[first, default: []].append(Position(table: t, position: k))
                        continue
                    }
                    checkKeys[check.expression] = Position(table: t, position: k)
                    let constraint = "CONSTRAINT \(Self.prefix)c\(t)_\(k) CHECK (\(check.expression))"
                    items.append(Item(probeTable: name, target: .check, label: "check \(check.name) on \(qualifiedName)",
                                      sql: "ALTER TABLE \(probeTable) ADD \(constraint)"))
                    inline.append(constraint)
                }
                for (k, declared) in table.indexes.enumerated() where Self.needsProbe(declared) {
                    let key = Self.indexStatement(declared, name: "", on: "")
                    if let first = indexKeys[key] {
                        sharedIndexes[first, default: []].append(Position(table: t, position: k))
                        continue
                    }
                    indexKeys[key] = Position(table: t, position: k)
                    let sql = Self.indexStatement(declared, name: "\(Self.prefix)i\(t)_\(k)", on: probeTable)
                    items.append(Item(probeTable: name, target: .index, label: "index \(declared.name) on \(qualifiedName)", sql: sql))
                    indexStatements.append(sql)
                }
            }
            fastStatements.append("CREATE TEMP TABLE \(name) (\(inline.joined(separator: ", ")))")
            fastStatements += indexStatements
        }
    }

    static func indexStatement(_ index: Index, name: String, on table: String) -> String {
        let elements = index.elements.map { element -> String in
            var text: String
            switch element.key {
            case .column(let name): text = Identifier.quotedIfNeeded(name)
            case .expression(let expression): text = "(\(expression))"
            }
            if let opclass = element.opclass { text += " " + opclass.sql }
            return text
        }
        var sql = "CREATE INDEX \(name) ON \(table) USING \(index.method.rawValue) (\(elements.joined(separator: ", ")))"
        if let predicate = index.predicate { sql += " WHERE \(predicate)" }
        return sql
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
    /// `kind, name, key number, key is an expression, text, opclass is default, predicate`, where
    /// kind is `d` (a default or generation expression; name is the column), `c` (a check) or `i`
    /// (an index key).
    static let readBack = """
        SELECT 'd', a.attname, 0, false, pg_get_expr(d.adbin, d.adrelid), NULL::bool, NULL
        FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE c.relnamespace = pg_my_temp_schema() AND left(c.relname, 13) = 'strata_probe_'
        UNION ALL
        SELECT 'c', con.conname, 0, false, pg_get_constraintdef(con.oid, true), NULL, NULL
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE c.relnamespace = pg_my_temp_schema() AND left(c.relname, 13) = 'strata_probe_' AND con.contype = 'c'
        UNION ALL
        SELECT 'i', i.relname, k.n, ix.indkey[k.n - 1] = 0, pg_get_indexdef(ix.indexrelid, k.n::int, true),
               opc.opcdefault, pg_get_expr(ix.indpred, ix.indrelid, true)
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        CROSS JOIN LATERAL generate_series(1, ix.indnkeyatts) AS k(n)
        LEFT JOIN pg_opclass opc ON opc.oid = ix.indclass[k.n - 1]
        WHERE t.relnamespace = pg_my_temp_schema() AND left(t.relname, 13) = 'strata_probe_'
        """

    /// `g12_3` → (12, 3) after `marker`.
    static func pair(_ name: String, after marker: String) -> (Int, Int)? {
        guard name.hasPrefix(prefix + marker) else { return nil }
        let parts = name.dropFirst(prefix.count + marker.count).split(separator: "_")
        guard parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]) else { return nil }
        return (first, second)
    }

    /// Writes what the server printed into `output` (the declared schema).
    func apply(readBack rows: [[String?]], to output: inout Schema) {
        for row in rows {
            guard let name = row[1], let printed = row[4] ?? row[6] else { continue }
            switch row[0] {
            case "d":
                if name.hasPrefix("d"), let n = Int(name.dropFirst()), defaultUsers.indices.contains(n), let text = row[4] {
                    for (t, c) in defaultUsers[n] { output.tables[t].columns[c].defaultExpression = text }
                } else if let (t, c) = Self.pair(name, after: "g"), output.tables.indices.contains(t),
                          output.tables[t].columns.indices.contains(c), output.tables[t].columns[c].generated != nil {
                    output.tables[t].columns[c].generated?.expression = strippingOuterParentheses(printed)
                }
            case "c":
                guard let (t, k) = Self.pair(name, after: "c") else { continue }
                for (t, k) in [(t, k)] + (sharedChecks[Position(table: t, position: k)] ?? []).map({ ($0.table, $0.position) }) {
                    guard output.tables.indices.contains(t), output.tables[t].checks.indices.contains(k) else { continue }
                    output.tables[t].checks[k].expression = CatalogReader(schemaName: "", versionTable: "").checkExpression(printed)
                }
            case "i":
                guard let (t, k) = Self.pair(name, after: "i"), let key = row[2].flatMap({ Int($0) }) else { continue }
                for (t, k) in [(t, k)] + (sharedIndexes[Position(table: t, position: k)] ?? []).map({ ($0.table, $0.position) }) {
                    guard output.tables.indices.contains(t), output.tables[t].indexes.indices.contains(k),
                          output.tables[t].indexes[k].elements.indices.contains(key - 1) else { continue }
                    if row[3] == "t", let text = row[4] { output.tables[t].indexes[k].elements[key - 1].key = .expression(text) }
                    if row[5] == "t" { output.tables[t].indexes[k].elements[key - 1].opclass = nil }
                    if let predicate = row[6] { output.tables[t].indexes[k].predicate = predicate }
                }
            default:
                continue
            }
        }
    }
}
