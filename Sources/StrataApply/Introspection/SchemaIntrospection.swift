public import StrataCore

/// Reads the live state of the managed schema from `pg_catalog` into a StrataCore `Schema`
/// (PG-DDL §6), so it can be compared with the declared one by `compareForDrift`.
///
/// Every catalog query goes in one message (`CatalogQueries`), inside one read-only repeatable-read
/// transaction: one round trip and one consistent view whatever the size of the schema, and
/// nothing written, so it runs on a hot standby too. The queries run with `search_path =
/// pg_catalog` (`SET LOCAL`, gone with the transaction), so every type and expression outside
/// `pg_catalog` prints schema-qualified and the output does not depend on the session.
/// Expressions (defaults, checks, generated columns, index expressions and predicates) are kept as
/// PostgreSQL prints them; `canonicalizeExpressions` brings declared ones into that form. The
/// version table is left out of `tables`. Identity sequences are part of their column, not listed
/// under `sequences`. Objects strata cannot model (exclusion constraints, other relation kinds)
/// are returned in `IntrospectedSchema.unmodeled`; INVALID indexes and NOT VALID constraints are
/// modelled objects in a state of their own, kept in the schema and named in `invalidIndexes` and
/// `notValidConstraints`.
public struct IntrospectedSchema: Sendable, Equatable {
    public var schema: Schema
    /// Whether the managed schema exists at all.
    public var exists: Bool
    /// Objects in the schema that the model has no place for, described for a drift report.
    public var unmodeled: [String]
    /// Indexes left INVALID by a failed concurrent build, by name (index names are unique in a schema).
    public var invalidIndexes: Set<String> = []
    /// Constraints added NOT VALID and not validated since, as `table.constraint`.
    public var notValidConstraints: Set<String> = []
    /// The server refuses writes: a hot standby, or `default_transaction_read_only = on`.
    public var serverIsReadOnly = false
    /// The server is a hot standby (in recovery).
    public var serverIsStandby = false
    /// The session's `search_path` as `SHOW` prints it.
    public var sessionSearchPath: String?
}

/// Introspects schema `name`; `versionTable` is excluded from the tables. Must be called outside
/// a transaction (it opens and ends its own).
public func introspectSchema(
    named name: String, versionTable: String = "strata_version", on connection: borrowing Connection
) throws(PostgresError) -> IntrospectedSchema {
    guard connection.transactionStatus == .idle else {
        throw PostgresError(kind: .usage, message: "introspectSchema must run outside a transaction")
    }
    let reader = CatalogReader(schemaName: name, versionTable: versionTable)
    let queries = CatalogQueries(schemaName: name, serverVersion: connection.serverVersion)
    let results: [[[String?]]]
    do {
        results = try connection.queryEach(queries.message)
    } catch {
        if connection.transactionStatus != .idle { _ = try? connection.execute("ROLLBACK") }
        throw error
    }
    return reader.read(CatalogRows(results))
}

/// The rows of each catalog query, by name, from the results of `CatalogQueries.message`.
struct CatalogRows {
    let namespace, settings, extensions, enums, sequences, relations, columns, constraints, indexes: [[String?]]

    init(_ results: [[[String?]]]) {
        // BEGIN, the settings and SET LOCAL come first, COMMIT last (CatalogQueries.message).
        settings = results[1]
        let rows = Array(results.dropFirst(3))
        namespace = rows[0]
        extensions = rows[1]
        enums = rows[2]
        sequences = rows[3]
        relations = rows[4]
        columns = rows[5]
        constraints = rows[6]
        indexes = rows[7]
    }
}

/// Conversion of the catalog rows into model values.
struct CatalogReader {
    let schemaName: String
    let versionTable: String

    func read(_ rows: CatalogRows) -> IntrospectedSchema {
        var schema = Schema(name: schemaName, versionTable: versionTable)
        var result = IntrospectedSchema(schema: schema, exists: rows.namespace.first != nil, unmodeled: [])
        if let settings = rows.settings.first {
            result.serverIsStandby = settings[1] == "t"
            result.serverIsReadOnly = settings[0] == "on" || result.serverIsStandby
            result.sessionSearchPath = settings[2]
        }
        guard let namespaceRow = rows.namespace.first else { return result }
        schema.comment = namespaceRow[0]

        // Extensions (all of them: the declared ones are looked up by name).
        schema.extensions = rows.extensions.map { Extension(name: $0[0]!, schema: $0[1]!) }

        schema.enums = readEnums(rows.enums)
        let context = TypeContext(
            managedSchema: schemaName, enumNames: Set(schema.enums.map(\.name)),
            extensionSchemas: Dictionary(uniqueKeysWithValues: schema.extensions.map { ($0.name, $0.schema) }))
        var (sequences, identities) = readSequences(rows.sequences)

        // Tables, and relations of other kinds that strata does not manage.
        var tables: [String: Table] = [:]
        for row in rows.relations {
            let relationName = row[0]!
            if relationName == versionTable { continue }
            if row[1] == "r" || row[1] == "p" {
                tables[relationName] = Table(name: relationName, comment: row[2])
            } else {
                result.unmodeled.append("relation \(schemaName).\(relationName) (relkind \(row[1]!))")
            }
        }

        readColumns(rows.columns, into: &tables, context: context, identities: identities, result: &result)
        var columnNames: [String: [String: String]] = [:]
        for row in rows.columns { columnNames[row[0]!, default: [:]][row[9]!] = row[1]! }
        readConstraints(rows.constraints, into: &tables, columnNames: columnNames, result: &result)
        readIndexes(rows.indexes, into: &tables, result: &result)

        // Owned sequences of the version table are not part of the model.
        sequences.removeAll { $0.ownedBy?.table == versionTable }
        identities.removeAll()
        schema.sequences = sequences
        schema.tables = tables.keys.sorted().map { tables[$0]! }
        schema.normalizeOrder()
        result.schema = schema
        result.unmodeled.sort()
        return result
    }

    func readEnums(_ labelRows: [[String?]]) -> [EnumType] {
        // One row per label keeps array parsing out of the way.
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
    func readSequences(_ sequenceRows: [[String?]]) -> ([StrataCore.SequenceDefinition], [String: Identity]) {
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
        _ columnRows: [[String?]], into tables: inout [String: Table], context: TypeContext, identities: [String: Identity],
        result: inout IntrospectedSchema
    ) {
        for row in columnRows {
            let tableName = row[0]!, columnName = row[1]!, typeText = row[2]!
            guard tables[tableName] != nil else { continue }
            guard let type = parseColumnType(typeText, in: context) else {
                result.unmodeled.append("column \(schemaName).\(tableName).\(columnName) has type \(typeText), which strata cannot read")
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

    /// `columnNames` maps each table's attribute numbers to its column names.
    func readConstraints(
        _ constraintRows: [[String?]], into tables: inout [String: Table], columnNames: [String: [String: String]],
        result: inout IntrospectedSchema
    ) {
        func names(_ numbers: String?, of table: String?) -> [String] {
            guard let numbers, let table, !numbers.isEmpty else { return [] }
            return numbers.split(separator: ",").map { columnNames[table]?[String($0)] ?? "?" }
        }
        for row in constraintRows {
            let tableName = row[0]!, name = row[1]!
            guard tables[tableName] != nil else { continue }
            let deferrability = Deferrability(deferrable: row[3] == "t", initiallyDeferred: row[4] == "t")
            let columns = names(row[7], of: tableName)
            if row[5] == "f" { result.notValidConstraints.insert("\(tableName).\(name)") }
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
                    result.unmodeled.append("foreign key \(name) on \(schemaName).\(tableName) references \(row[9] ?? "?").\(row[8] ?? "?") outside the managed schema")
                    continue
                }
                tables[tableName]!.foreignKeys.append(
                    ForeignKey(
                        name: name, columns: columns, referencedTable: referenced,
                        referencedColumns: names(row[10], of: referenced),
                        onDelete: referentialAction(row[12]), onUpdate: referentialAction(row[11]),
                        match: row[13] == "f" ? .full : .simple, deferrability: deferrability))
            default:
                result.notValidConstraints.remove("\(tableName).\(name)")
                result.unmodeled.append("constraint \(name) on \(schemaName).\(tableName): \(row[6] ?? "")")
            }
        }
    }

    func readIndexes(_ indexRows: [[String?]], into tables: inout [String: Table], result: inout IntrospectedSchema) {
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
                guard let method = Index.Method(rawValue: row[4]!) else {
                    result.unmodeled.append("index \(schemaName).\(indexName) uses access method \(row[4]!)")
                    continue
                }
                if row[3] != "t" { result.invalidIndexes.insert(indexName) }
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
