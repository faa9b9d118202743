public import StrataCore

/// Reads the live state of the managed schema from `pg_catalog` into a StrataCore `Schema`
/// (PG-DDL §6), so it can be compared with the declared one by `compareForDrift`.
///
/// The queries run with `search_path = pg_catalog` (restored afterwards), so every type and
/// expression outside `pg_catalog` prints schema-qualified and the output does not depend on the
/// session. Expressions (defaults, checks, generated columns, index expressions and predicates) are
/// kept as PostgreSQL prints them; `canonicalizeExpressions` brings declared ones into that form.
/// The version table is left out of `tables`. Identity sequences are part of their column, not
/// listed under `sequences`. Objects strata cannot model (exclusion constraints, invalid
/// indexes, other relation kinds) are returned in `IntrospectedSchema.unmodeled`.
public struct IntrospectedSchema: Sendable, Equatable {
    public var schema: Schema
    /// Whether the managed schema exists at all.
    public var exists: Bool
    /// Objects in the schema that the model has no place for, described for a drift report.
    public var unmodeled: [String]
}

/// Introspects schema `name`; `versionTable` is excluded from the tables.
public func introspectSchema(
    named name: String, versionTable: String = "strata_version", on connection: borrowing Connection
) throws(PostgresError) -> IntrospectedSchema {
    let previous = try connection.execute("SELECT current_setting('search_path')").value(row: 0, column: 0) ?? ""
    try connection.execute("SET search_path = pg_catalog")
    do {
        let result = try CatalogReader(schemaName: name, versionTable: versionTable).read(on: connection)
        try connection.execute("SELECT set_config('search_path', $1, false)", parameters: [previous])
        return result
    } catch {
        _ = try? connection.execute("SELECT set_config('search_path', $1, false)", parameters: [previous])
        throw error
    }
}

/// The catalog queries and their conversion into model values.
struct CatalogReader {
    let schemaName: String
    let versionTable: String

    func rows(_ sql: String, on connection: borrowing Connection) throws(PostgresError) -> [[String?]] {
        try connection.execute(sql, parameters: [schemaName]).rows
    }

    func read(on connection: borrowing Connection) throws(PostgresError) -> IntrospectedSchema {
        let namespace = try rows(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = $1", on: connection)
        var schema = Schema(name: schemaName, versionTable: versionTable)
        guard let namespaceRow = namespace.first else {
            return IntrospectedSchema(schema: schema, exists: false, unmodeled: [])
        }
        schema.comment = namespaceRow[0]
        var unmodeled: [String] = []

        // Extensions (all of them: the declared ones are looked up by name).
        let extensionRows = try connection.execute(
            "SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1"
        ).rows
        schema.extensions = extensionRows.map { Extension(name: $0[0]!, schema: $0[1]!) }

        schema.enums = try readEnums(on: connection)
        let context = TypeContext(
            managedSchema: schemaName, enumNames: Set(schema.enums.map(\.name)),
            extensionSchemas: Dictionary(uniqueKeysWithValues: schema.extensions.map { ($0.name, $0.schema) }))
        var (sequences, identities) = try readSequences(on: connection)

        // Tables, and relations of other kinds that strata does not manage.
        let relations = try rows(
            """
            SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            ORDER BY c.relname
            """, on: connection)
        var tables: [String: Table] = [:]
        for row in relations {
            let relationName = row[0]!
            if relationName == versionTable { continue }
            if row[1] == "r" || row[1] == "p" {
                tables[relationName] = Table(name: relationName, comment: row[2])
            } else {
                unmodeled.append("relation \(schemaName).\(relationName) (relkind \(row[1]!))")
            }
        }

        try readColumns(into: &tables, context: context, identities: identities, unmodeled: &unmodeled, on: connection)
        try readConstraints(into: &tables, unmodeled: &unmodeled, on: connection)
        try readIndexes(into: &tables, unmodeled: &unmodeled, on: connection)

        // Owned sequences of the version table are not part of the model.
        sequences.removeAll { $0.ownedBy?.table == versionTable }
        identities.removeAll()
        schema.sequences = sequences
        schema.tables = tables.keys.sorted().map { tables[$0]! }
        schema.normalizeOrder()
        return IntrospectedSchema(schema: schema, exists: true, unmodeled: unmodeled.sorted())
    }

    func readEnums(on connection: borrowing Connection) throws(PostgresError) -> [EnumType] {
        // One row per label keeps array parsing out of the way.
        let labelRows = try rows(
            """
            SELECT t.typname, e.enumlabel, obj_description(t.oid, 'pg_type')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            JOIN pg_enum e ON e.enumtypid = t.oid
            WHERE n.nspname = $1
            ORDER BY t.typname, e.enumsortorder
            """, on: connection)
        var enums: [EnumType] = []
        for row in labelRows {
            if enums.last?.name == row[0]! {
                enums[enums.count - 1].values.append(row[1]!)
            } else {
                enums.append(EnumType(name: row[0]!, values: [row[1]!], comment: row[2]))
            }
        }
        return enums
    }

    /// Sequences of the schema (serial and declared) and, separately, identity sequences keyed by
    /// `table.column`.
    func readSequences(on connection: borrowing Connection) throws(PostgresError) -> ([StrataCore.SequenceDefinition], [String: Identity]) {
        let sequenceRows = try rows(
            """
            SELECT s.sequencename, s.data_type::text, s.start_value, s.increment_by, s.min_value, s.max_value,
                   s.cache_size, s.cycle, dep.deptype, tc.relname, a.attname, obj_description(sc.oid, 'pg_class')
            FROM pg_sequences s
            JOIN pg_namespace sn ON sn.nspname = s.schemaname
            JOIN pg_class sc ON sc.relname = s.sequencename AND sc.relnamespace = sn.oid
            LEFT JOIN pg_depend dep ON dep.objid = sc.oid AND dep.classid = 'pg_class'::regclass
                 AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
            LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
            LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
            WHERE s.schemaname = $1
            ORDER BY s.sequencename
            """, on: connection)
        var sequences: [StrataCore.SequenceDefinition] = []
        var identities: [String: Identity] = [:]
        for row in sequenceRows {
            let options = SequenceOptions(
                start: row[2].flatMap { Int64($0) }, increment: row[3].flatMap { Int64($0) },
                minValue: row[4].flatMap { Int64($0) }, maxValue: row[5].flatMap { Int64($0) },
                cache: row[6].flatMap { Int64($0) }, cycle: row[7] == "t")
            if row[8] == "i", let table = row[9], let column = row[10] {
                identities["\(table).\(column)"] = Identity(kind: .always, options: options)
                continue
            }
            let owner = row[8] == "a" ? row[9].flatMap { table in row[10].map { ColumnReference(table: table, column: $0) } } : nil
            sequences.append(
                StrataCore.SequenceDefinition(
                    name: row[0]!, dataType: row[1], options: options, ownedBy: owner, comment: row[11]))
        }
        return (sequences, identities)
    }

    func readColumns(
        into tables: inout [String: Table], context: TypeContext, identities: [String: Identity],
        unmodeled: inout [String], on connection: borrowing Connection
    ) throws(PostgresError) {
        let columnRows = try rows(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                   a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                   col_description(c.oid, a.attnum)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """, on: connection)
        for row in columnRows {
            let tableName = row[0]!, columnName = row[1]!, typeText = row[2]!
            guard tables[tableName] != nil else { continue }
            guard let type = parseColumnType(typeText, in: context) else {
                unmodeled.append("column \(schemaName).\(tableName).\(columnName) has type \(typeText), which strata cannot read")
                continue
            }
            var column = Column(name: columnName, type: type, nullable: row[3] != "t", collation: row[7], comment: row[8])
            let expression = row[6]
            switch row[5] {
            // pg_get_expr wraps a generation expression in parentheses; the model holds it bare.
            case "s": column.generated = GeneratedColumn(expression: strippingOuterParentheses(expression ?? ""), stored: true)
            case "v": column.generated = GeneratedColumn(expression: strippingOuterParentheses(expression ?? ""), stored: false)
            default: column.defaultExpression = expression
            }
            if row[4] == "a" || row[4] == "d" {
                var identity = identities["\(tableName).\(columnName)"] ?? Identity(kind: .always)
                identity.kind = row[4] == "a" ? .always : .byDefault
                column.identity = identity
            }
            tables[tableName]!.columns.append(column)
        }
    }

    func readConstraints(
        into tables: inout [String: Table], unmodeled: inout [String], on connection: borrowing Connection
    ) throws(PostgresError) {
        // Column lists come from conkey/confkey in key order, so no definition text is parsed.
        let constraintRows = try rows(
            """
            SELECT c.relname, con.conname, con.contype, con.condeferrable, con.condeferred, con.convalidated,
                   pg_get_constraintdef(con.oid, true),
                   (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.ord)
                      FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                   rc.relname, rn.nspname,
                   (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.ord)
                      FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                   con.confupdtype, con.confdeltype, con.confmatchtype,
                   COALESCE(ix.indnullsnotdistinct, false)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
            WHERE n.nspname = $1 AND con.contype <> 'n' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname, con.conname
            """, on: connection)
        for row in constraintRows {
            let tableName = row[0]!, name = row[1]!
            guard tables[tableName] != nil else { continue }
            let deferrability = Deferrability(deferrable: row[3] == "t", initiallyDeferred: row[4] == "t")
            let columns = splitIdentifierList(row[7])
            if row[5] == "f" { unmodeled.append("constraint \(name) on \(schemaName).\(tableName) is NOT VALID") }
            switch row[2] {
            case "p":
                tables[tableName]!.primaryKey = PrimaryKey(name: name, columns: columns, deferrability: deferrability)
            case "u":
                tables[tableName]!.uniqueConstraints.append(
                    UniqueConstraint(name: name, columns: columns, nullsNotDistinct: row[14] == "t", deferrability: deferrability))
            case "c":
                tables[tableName]!.checks.append(CheckConstraint(name: name, expression: checkExpression(row[6] ?? "")))
            case "f":
                guard row[9] == schemaName, let referenced = row[8] else {
                    unmodeled.append("foreign key \(name) on \(schemaName).\(tableName) references \(row[9] ?? "?").\(row[8] ?? "?") outside the managed schema")
                    continue
                }
                tables[tableName]!.foreignKeys.append(
                    ForeignKey(
                        name: name, columns: columns, referencedTable: referenced,
                        referencedColumns: splitIdentifierList(row[10]),
                        onDelete: referentialAction(row[12]), onUpdate: referentialAction(row[11]),
                        match: row[13] == "f" ? .full : .simple, deferrability: deferrability))
            default:
                unmodeled.append("constraint \(name) on \(schemaName).\(tableName): \(row[6] ?? "")")
            }
        }
    }

    func readIndexes(
        into tables: inout [String: Table], unmodeled: inout [String], on connection: borrowing Connection
    ) throws(PostgresError) {
        let indexRows = try rows(
            """
            SELECT t.relname, i.relname, ix.indisunique, ix.indisvalid, am.amname, i.reloptions::text[]::text,
                   pg_get_expr(ix.indpred, ix.indrelid, true), obj_description(i.oid, 'pg_class'),
                   ix.indnullsnotdistinct, ix.indnkeyatts, k.n,
                   CASE WHEN ix.indkey[k.n - 1] <> 0 THEN quote_ident(a.attname)
                        ELSE pg_get_indexdef(ix.indexrelid, k.n::int, true) END,
                   ix.indkey[k.n - 1] <> 0, ix.indoption[k.n - 1], opc.opcname, opcn.nspname, opc.opcdefault,
                   CASE WHEN ix.indkey[k.n - 1] <> 0 AND ix.indcollation[k.n - 1] <> a.attcollation
                        THEN co.collname END
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            CROSS JOIN LATERAL generate_series(1, ix.indnatts) AS k(n)
            LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.n - 1]
            LEFT JOIN pg_opclass opc ON k.n <= ix.indnkeyatts AND opc.oid = ix.indclass[k.n - 1]
            LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
            LEFT JOIN pg_collation co ON k.n <= ix.indnkeyatts AND co.oid = ix.indcollation[k.n - 1]
            WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                              WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY t.relname, i.relname, k.n
            """, on: connection)
        var current: (table: String, index: Index)?
        func flush(_ tables: inout [String: Table]) {
            if let (table, index) = current { tables[table]?.indexes.append(index) }
            current = nil
        }
        for row in indexRows {
            let tableName = row[0]!, indexName = row[1]!
            guard tables[tableName] != nil else { continue }
            if current?.index.name != indexName || current?.table != tableName {
                flush(&tables)
                if row[3] != "t" {
                    unmodeled.append("index \(schemaName).\(indexName) is INVALID (left by a failed concurrent build)")
                }
                guard let method = Index.Method(rawValue: row[4]!) else {
                    unmodeled.append("index \(schemaName).\(indexName) uses access method \(row[4]!)")
                    continue
                }
                current = (
                    tableName,
                    Index(
                        name: indexName, unique: row[2] == "t", method: method, elements: [],
                        storageParameters: storageParameters(row[5]), predicate: row[6],
                        nullsNotDistinct: row[8] == "t", comment: row[7])
                )
            }
            guard current != nil, current!.index.name == indexName else { continue }
            let position = Int(row[10]!)!, keyCount = Int(row[9]!)!
            let keyText = row[11]!
            if position > keyCount {
                current!.index.include.append(unquoteIdentifier(keyText))
                continue
            }
            let option = Int(row[13] ?? "0") ?? 0
            let descending = option & 1 != 0, nullsFirst = option & 2 != 0
            var element = IndexElement(row[12] == "t" ? .column(unquoteIdentifier(keyText)) : .expression(keyText))
            if row[16] != "t", let opclass = row[14] {
                element.opclass = QualifiedName(schema: row[15] == "pg_catalog" ? nil : row[15], name: opclass)
            }
            element.collation = row[17]
            element.order = descending ? .desc : nil
            element.nulls = descending == nullsFirst ? nil : (nullsFirst ? .first : .last)
            current!.index.elements.append(element)
        }
        flush(&tables)
    }

    // MARK: - Text helpers

    /// `CHECK (n > 0)` (pretty-printed) → `n > 0`; a `NOT VALID` suffix is dropped.
    func checkExpression(_ definition: String) -> String {
        var text = Substring(definition)
        if text.hasSuffix(" NOT VALID") { text = text.dropLast(" NOT VALID".count) }
        if text.hasPrefix("CHECK (") && text.hasSuffix(")") { text = text.dropFirst("CHECK (".count).dropLast() }
        return String(text)
    }

    func referentialAction(_ code: String?) -> ReferentialAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    /// `{m=16,ef_construction=64}` → sorted storage parameters.
    func storageParameters(_ text: String?) -> [StorageParameter] {
        guard let text, text.count >= 2 else { return [] }
        return text.dropFirst().dropLast().split(separator: ",").compactMap { item in
            let parts = item.replacing("\"", with: "").split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return StorageParameter(key: String(parts[0]), value: String(parts[1]))
        }.sorted { $0.key < $1.key }
    }

    /// A `quote_ident` list joined with `,` back into names.
    func splitIdentifierList(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        var names: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if character == "\"" {
                if quoted && pending == "\"" {
                    current.append("\"")
                    pending = iterator.next()
                } else {
                    quoted.toggle()
                }
            } else if character == "," && !quoted {
                names.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        names.append(current)
        return names
    }

    func unquoteIdentifier(_ text: String) -> String { splitIdentifierList(text).first ?? text }
}
