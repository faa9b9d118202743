/// Tables: columns, keys, checks and foreign keys, lifted to table level with default names.
extension ModelBuilder {
    /// Columns PostgreSQL reserves in every table.
    static let systemColumns: Set<String> = ["tableoid", "xmin", "xmax", "cmin", "cmax", "ctid"]
    /// MaxHeapAttributeNumber: CREATE TABLE with more columns fails.
    static let maxColumns = 1600
    /// INDEX_MAX_KEYS: an index (key and INCLUDE columns together), and so a primary key or unique
    /// constraint, and a foreign key take at most 32 columns.
    static let maxIndexKeys = 32

    /// One table, with names chosen in the order PostgreSQL would choose them on CREATE TABLE.
    mutating func buildTable(_ declared: TableDecl) -> Table {
        let tableName = declared.name.value
        if declared.isUnresolved { unresolvedTables.insert(tableName) }
        var table = Table(
            name: tableName, comment: declared.comment,
            origin: Origin(location: declared.name.location, renamedFrom: declared.renamedFrom))
        var columnLocations: [String: SourceLocation] = [:]
        var serialColumns: [String] = []
        var identityColumns: [String] = []
        table.columns.reserveCapacity(declared.columns.count)
        for columnDecl in declared.columns {
            let name = columnDecl.name
            if let first = columnLocations[name.value] {
                duplicate("column `\(tableName).\(name.value)`", at: name.location, first: first)
                continue
            }
            columnLocations[name.value] = name.location
            checkLength(name, what: "column name")
            if Self.systemColumns.contains(name.value) {
                diagnostics.error(
                    ModelMessage.systemColumnName(name.value), at: name.location)
            }
            let (column, isSerial) = buildColumn(columnDecl, table: tableName)
            if isSerial { serialColumns.append(column.name) }
            if column.identity != nil { identityColumns.append(column.name) }
            table.columns.append(column)
        }
        if table.columns.count > Self.maxColumns {
            diagnostics.error(
                ModelMessage.tooManyColumns(tableName, count: table.columns.count, maximum: Self.maxColumns),
                at: declared.name.location, notes: [Diagnostic.Note(ModelMessage.splitTableNote)])
        }
        let columnNames = table.columns.map(\.name)

        // Sequences come first, column by column, as PostgreSQL creates them before the table.
        // An identity column's sequence takes a relation name too, though the model leaves it implicit.
        for position in table.columns.indices {
            let columnName = table.columns[position].name
            if identityColumns.contains(columnName) {
                _ = chooseRelationName(tableName, columnName, label: "seq", isConstraint: false)
                continue
            }
            guard serialColumns.contains(columnName) else { continue }
            let sequenceName = chooseRelationName(tableName, columnName, label: "seq", isConstraint: false)
            sequences.append(
                SequenceDefinition(
                    name: sequenceName, dataType: table.columns[position].type.name,
                    ownedBy: ColumnReference(table: tableName, column: columnName),
                    origin: Origin(location: table.columns[position].origin.location)))
            let qualified = Identifier.qualified(schemaName, sequenceName)
            table.columns[position].defaultExpression = "nextval('\(qualified.replacing("'", with: "''"))'::regclass)"
        }

        // Checks are named when the table is created, before its keys' indexes.
        for check in declared.checks {
            let name: String
            if let declaredName = check.name {
                name = declaredName.value
            } else {
                let referenced = SQLLexer.referencedColumns(check.expression.value, columns: Set(columnNames))
                name = chooseConstraintName(tableName, referenced.count == 1 ? referenced[0] : nil, label: "check")
            }
            table.checks.append(
                CheckConstraint(name: name, expression: check.expression.value, origin: Origin(location: check.location)))
        }

        let folded = buildPrimaryKey(declared, into: &table)
        buildUniqueConstraints(declared, into: &table, skipping: folded)
        buildForeignKeys(declared, into: &table)
        for index in declared.indexes {
            if let built = buildIndex(index, table: table) { table.indexes.append(built) }
        }
        checkKeyWidths(table)
        return table
    }

    /// Keys and indexes wider than PostgreSQL's INDEX_MAX_KEYS fail at apply (54011); say so here.
    mutating func checkKeyWidths(_ table: Table) {
        func check(_ count: Int, _ what: String, at location: SourceLocation?) {
            guard count > Self.maxIndexKeys else { return }
            diagnostics.error(
                ModelMessage.tooManyKeyColumns(what, table: table.name, count: count, maximum: Self.maxIndexKeys),
                at: location, notes: [Diagnostic.Note(ModelMessage.indexMaxKeysNote)])
        }
        if let key = table.primaryKey { check(key.columns.count, "primary key `\(key.name)`", at: key.origin.location) }
        for unique in table.uniqueConstraints {
            check(unique.columns.count, "unique constraint `\(unique.name)`", at: unique.origin.location)
        }
        for key in table.foreignKeys { check(key.columns.count, "foreign key `\(key.name)`", at: key.origin.location) }
        for index in table.indexes {
            check(index.elements.count + index.include.count, "index `\(index.name)`", at: index.origin.location)
        }
    }

    /// SQL words that are values, not column names, when written bare in a DEFAULT.
    static let bareValueKeywords: Set<String> = [
        "true", "false", "null", "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp",
        "current_user", "session_user", "user", "current_role", "current_catalog", "current_schema", "system_user",
    ]

    /// `default: episodic` is SQL `DEFAULT episodic`, a column reference PostgreSQL refuses;
    /// the string literal needs its own quotes (SPEC §3).
    mutating func checkBareWordDefault(_ expression: Located<String>, what: @autoclosure () -> String) {
        let tokens = SQLLexer.tokens(of: expression.value)
        guard tokens.count == 1, let word = tokens[0].identifier,
            tokens[0] == .quoted(word) || !Self.bareValueKeywords.contains(word)
        else { return }
        let literal = "'" + expression.value.replacing("'", with: "''") + "'"
        diagnostics.error(
            ModelMessage.bareWordDefault(what(), word: expression.value), at: expression.location,
            notes: [Diagnostic.Note(ModelMessage.quoteTheDefaultNote(literal: literal))])
    }

    /// A string-literal default of an enum column must be one of its labels.
    mutating func checkEnumDefault(_ expression: Located<String>, type: ColumnType, what: @autoclosure () -> String) {
        guard type.schema == schemaName, !type.isArray, let labels = enumLabels[type.name],
            let label = Self.stringLiteral(expression.value)
        else { return }
        guard !labels.contains(label) else { return }
        let notes = Suggestion.note(for: label, in: labels).map { [$0] } ?? []
        diagnostics.error(
            ModelMessage.notAnEnumLabel(what(), label: label, enumName: type.name, labels: labels),
            at: expression.location, notes: notes)
    }

    /// The text of `'x'` or `'x'::type`, or nil for any other expression.
    static func stringLiteral(_ sql: String) -> String? {
        let bytes = Array(sql.utf8)
        // ASCII, read byte by byte (a 1,000-table schema checks thousands of enum defaults);
        // anything else by Characters below.
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return stringLiteralByCharacters(sql) }
        let quote = UInt8(ascii: "'")
        var end = bytes.count
        // Drop a trailing `::type`: the last `::` found scanning from the left, with no quote after it.
        var lastCast: Int?
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: ":") {
                lastCast = index
                index += 2
            } else {
                index += 1
            }
        }
        if let lastCast, !bytes[(lastCast + 2)...].contains(quote) { end = lastCast }
        guard end >= 2, bytes[0] == quote, bytes[end - 1] == quote else { return nil }
        var text: [UInt8] = []
        index = 1
        while index < end - 1 {
            if bytes[index] == quote {
                // A lone quote inside means two literals or an expression, not one literal.
                guard index + 1 < end - 1, bytes[index + 1] == quote else { return nil }
                index += 1
            }
            text.append(bytes[index])
            index += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func stringLiteralByCharacters(_ sql: String) -> String? {
        var scalars = Substring(sql)
        // Drop a trailing `::type` (the last `::` with no quote after it).
        if let cast = scalars.ranges(of: "::").last, !scalars[cast.upperBound...].contains("'") {
            scalars = scalars[..<cast.lowerBound]
        }
        guard scalars.count >= 2, scalars.first == "'", scalars.last == "'" else { return nil }
        let inner = scalars.dropFirst().dropLast()
        // A lone quote inside means two literals or an expression, not one literal.
        let unescaped = inner.replacing("''", with: "")
        guard !unescaped.contains("'") else { return nil }
        return String(inner.replacing("''", with: "'"))
    }

    /// Built-in string types take a collation; enums and pgvector types do not; external types
    /// are given the benefit of the doubt.
    func isCollatable(_ type: ColumnType) -> Bool {
        if let schema = type.schema {
            return schema != schemaName && type.vectorKind == nil
        }
        return ["text", "character varying", "character", "bpchar", "name"].contains(type.name)
    }

    /// One column: its normalized type, nullability, default, identity or generation.
    mutating func buildColumn(_ declared: ColumnDecl, table: String) -> (Column, isSerial: Bool) {
        // Built only for a message: most columns have nothing to report.
        let what = { "column `\(table).\(declared.name.value)`" }
        // A column whose type is missing or wrong (already reported) stays in the table with a
        // placeholder type, so keys and indexes on it do not cascade into "no such column".
        let placeholder = Column(name: declared.name.value, type: ColumnType(name: "unresolved"))
        guard let typeText = declared.type else {
            unresolvedColumns.insert(ColumnReference(table: table, column: declared.name.value))
            return (placeholder, false)
        }
        let parsed: ParsedColumnType
        switch parsedType(typeText.value) {
        case .success(let result): parsed = result
        case .failure(let error):
            var notes: [Diagnostic.Note] = []
            if !error.suggestions.isEmpty {
                notes.append(Diagnostic.Note(ModelMessage.didYouMean(error.suggestions)))
            }
            diagnostics.error(ModelMessage.badType(what(), error.message), at: typeText.location, notes: notes)
            unresolvedColumns.insert(ColumnReference(table: table, column: declared.name.value))
            return (placeholder, false)
        }
        var column = Column(
            name: declared.name.value, type: parsed.type, defaultExpression: declared.defaultExpression?.value,
            collation: declared.collation?.value, comment: declared.comment,
            origin: Origin(location: declared.name.location, renamedFrom: declared.renamedFrom, using: declared.using))
        if let nullable = declared.nullable { column.nullable = nullable.value }
        if let defaultExpression = declared.defaultExpression {
            checkBareWordDefault(defaultExpression, what: what())
            checkEnumDefault(defaultExpression, type: parsed.type, what: what())
        }

        if parsed.isSerial {
            if parsed.type.isArray {
                diagnostics.error(ModelMessage.serialArray(what(), type: parsed.type.name), at: typeText.location)
            }
            if let defaultExpression = declared.defaultExpression {
                diagnostics.error(
                    ModelMessage.serialWithDefault(what(), type: typeText.value), at: defaultExpression.location)
            }
            if let identity = declared.identity {
                diagnostics.error(
                    ModelMessage.serialAndIdentity(what(), type: typeText.value, base: parsed.type.name), at: identity.location)
            }
            // A primary-key column gets the primary key's error instead.
            if let nullable = declared.nullable, nullable.value, declared.primaryKey?.value != true {
                diagnostics.error(
                    ModelMessage.serialNullable(what(), type: typeText.value), at: nullable.location)
            }
            column.nullable = false
        }
        if let collation = declared.collation, !isCollatable(parsed.type) {
            diagnostics.error(
                ModelMessage.notCollatable(what(), collation: collation.value, type: parsed.type.sql),
                at: collation.location, notes: [Diagnostic.Note(ModelMessage.collatableTypesNote)])
        }
        if let identity = declared.identity, !parsed.isSerial {
            if !["smallint", "integer", "bigint"].contains(parsed.type.sql) {
                diagnostics.error(
                    ModelMessage.identityType(what(), found: parsed.type.sql), at: identity.location,
                    notes: [Diagnostic.Note(ModelMessage.identityIntegersNote)])
            }
            if let defaultExpression = declared.defaultExpression {
                diagnostics.error(
                    ModelMessage.identityWithDefault(what()), at: defaultExpression.location,
                    notes: [Diagnostic.Note(ModelMessage.isHere("identity"), at: identity.location)])
            }
            if let nullable = declared.nullable, nullable.value {
                diagnostics.error(
                    ModelMessage.identityNullable(what()), at: nullable.location)
            }
            checkSequenceOptions(
                identity.identity.options, dataType: parsed.type.sql, what: "identity of \(what())", at: identity.location)
            column.identity = identity.identity
            column.nullable = false
        }
        if let generated = declared.generated {
            if let defaultExpression = declared.defaultExpression {
                diagnostics.error(
                    ModelMessage.generatedWithDefault(what()), at: defaultExpression.location,
                    notes: [Diagnostic.Note(ModelMessage.isHere("generated"), at: generated.location)])
            }
            if let identity = declared.identity {
                diagnostics.error(
                    ModelMessage.generatedAndIdentity(what()), at: identity.location,
                    notes: [Diagnostic.Note(ModelMessage.isHere("generated"), at: generated.location)])
            }
            column.generated = generated.value
        }
        // Primary-key columns become NOT NULL (and `nullable: true` is refused) in `buildPrimaryKey`.
        return (column, parsed.isSerial)
    }

    /// `primary_key: true` on one column, or the table-level `primary_key`; both only when they
    /// name the same key (SPEC §3's own example does), and then the table level's name and
    /// deferrability count.
    ///
    /// Returns the unique constraints folded into the key (see `foldedUniqueKeys`).
    @discardableResult
    mutating func buildPrimaryKey(_ declared: TableDecl, into table: inout Table) -> Set<KeyDecl> {
        let flagged = declared.columns.filter { $0.primaryKey?.value == true }
        var key: (columns: [Located<String>], name: Located<String>?, deferrability: Deferrability, location: SourceLocation)?
        if let first = flagged.first {
            for extra in flagged.dropFirst() {
                diagnostics.error(
                    ModelMessage.twoPrimaryKeyColumns(table.name, first.name.value, extra.name.value),
                    at: extra.primaryKey!.location,
                    notes: [
                        Diagnostic.Note(ModelMessage.compositeKeyNote(columns: flagged.map(\.name.value))),
                        Diagnostic.Note(ModelMessage.firstPrimaryKeyColumnHere, at: first.primaryKey!.location),
                    ])
            }
            key = ([first.name], nil, .immediate, first.primaryKey!.location)
        }
        if let tableLevel = declared.primaryKey {
            if let first = flagged.first, flagged.map(\.name.value) != tableLevel.columns.map(\.value) {
                diagnostics.error(
                    ModelMessage.twoPrimaryKeys(table.name, column: first.name.value), at: tableLevel.location,
                    notes: [Diagnostic.Note(ModelMessage.columnLevelPrimaryKeyHere, at: first.primaryKey!.location)])
                return []
            }
            key = (tableLevel.columns, tableLevel.name, tableLevel.deferrability, tableLevel.location)
        }
        guard let key else { return [] }
        guard checkColumns(key.columns, in: table, what: "primary key of table `\(table.name)`") else { return [] }
        if key.columns.isEmpty {
            diagnostics.error(ModelMessage.primaryKeyWithoutColumns(table.name), at: key.location)
            return []
        }
        for column in key.columns {
            let position = table.columns.firstIndex { $0.name == column.value }!
            if table.columns[position].generated?.stored == false {
                diagnostics.error(
                    ModelMessage.keyOnVirtualColumn("primary key", table: table.name, column: column.value),
                    at: column.location)
            }
            if let nullable = declared.columns.first(where: { $0.name.value == column.value })?.nullable, nullable.value {
                diagnostics.error(
                    ModelMessage.primaryKeyNullable(table.name, column: column.value), at: nullable.location)
            }
            table.columns[position].nullable = false
        }
        let folded = foldedUniqueKeys(declared, key: key.columns.map(\.value), deferrability: key.deferrability)
        let takenName = key.name == nil ? folded.lazy.compactMap(\.name).first : nil
        for unique in folded {
            var notes: [Diagnostic.Note] = []
            if let takenName, unique.name == takenName {
                notes.append(Diagnostic.Note(ModelMessage.primaryKeyTakesName(takenName.value)))
            }
            notes.append(Diagnostic.Note(ModelMessage.silenceByRemovingNote))
            diagnostics.emit(
                .warning(
                    ModelMessage.uniqueRepeatsPrimaryKey(table.name, columns: key.columns.map(\.value)),
                    at: unique.location, notes: notes))
        }
        let name =
            key.name?.value ?? takenName?.value ?? chooseRelationName(table.name, nil, label: "pkey", isConstraint: true)
        table.primaryKey = PrimaryKey(
            name: name, columns: key.columns.map(\.value), deferrability: key.deferrability,
            origin: Origin(location: key.location))
        return Set(folded)
    }

    /// Column-level `unique: true` first, then the table-level `unique` entries, as declared.
    func declaredUniqueKeys(_ declared: TableDecl) -> [KeyDecl] {
        var keys: [KeyDecl] = []
        for column in declared.columns where column.unique?.value == true {
            keys.append(KeyDecl(location: column.unique!.location, columns: [column.name]))
        }
        return keys + declared.unique
    }

    /// The unique constraints CREATE TABLE drops as redundant with the primary key: same columns
    /// in the same order, same deferrability, nulls distinct (parse_utilcmd.c,
    /// transformIndexConstraints). The snapshot must equal what PostgreSQL builds, so the model
    /// drops them too.
    func foldedUniqueKeys(_ declared: TableDecl, key: [String], deferrability: Deferrability) -> [KeyDecl] {
        declaredUniqueKeys(declared).filter {
            $0.columns.map(\.value) == key && !$0.nullsNotDistinct && $0.deferrability == deferrability
        }
    }

    /// Column-level `unique: true` first, then the table-level `unique` entries, except those
    /// folded into the primary key. A unique constraint that repeats an earlier one (same columns
    /// in the same order, nulls and deferrability) is folded into it as CREATE TABLE does
    /// (parse_utilcmd.c, transformIndexConstraints): PostgreSQL builds only the first, which takes
    /// the repeat's name when it has none of its own.
    mutating func buildUniqueConstraints(_ declared: TableDecl, into table: inout Table, skipping folded: Set<KeyDecl>) {
        var kept: [(key: KeyDecl, name: Located<String>?)] = []
        for key in declaredUniqueKeys(declared) where !folded.contains(key) {
            guard checkColumns(key.columns, in: table, what: "unique constraint of table `\(table.name)`") else { continue }
            if key.columns.isEmpty {
                diagnostics.error(ModelMessage.uniqueWithoutColumns(table.name), at: key.location)
                continue
            }
            for column in key.columns where table.column(named: column.value)?.generated?.stored == false {
                diagnostics.error(
                    ModelMessage.keyOnVirtualColumn("unique constraint", table: table.name, column: column.value),
                    at: column.location)
            }
            let columns = key.columns.map(\.value)
            guard
                let prior = kept.firstIndex(where: {
                    $0.key.columns.map(\.value) == columns && $0.key.nullsNotDistinct == key.nullsNotDistinct
                        && $0.key.deferrability == key.deferrability
                })
            else {
                kept.append((key, key.name))
                continue
            }
            var notes: [Diagnostic.Note] = []
            if kept[prior].name == nil, let name = key.name {
                kept[prior].name = name
                notes.append(Diagnostic.Note(ModelMessage.firstOneTakesName(name.value)))
            }
            notes.append(Diagnostic.Note(ModelMessage.firstOneDeclaredHere, at: kept[prior].key.location))
            notes.append(Diagnostic.Note(ModelMessage.silenceByRemovingNote))
            diagnostics.emit(
                .warning(
                    ModelMessage.uniqueRepeatsEarlier(table.name, columns: columns), at: key.location, notes: notes))
        }
        for (key, declaredName) in kept {
            let name =
                declaredName?.value
                ?? chooseRelationName(
                    table.name, DefaultNames.nameAddition(key.columns.map(\.value)), label: "key", isConstraint: true)
            table.uniqueConstraints.append(
                UniqueConstraint(
                    name: name, columns: key.columns.map(\.value), nullsNotDistinct: key.nullsNotDistinct,
                    deferrability: key.deferrability, origin: Origin(location: key.location)))
        }
    }

    /// Column-level `references` first, then `foreign_keys`; targets are checked in `validateReferences`.
    mutating func buildForeignKeys(_ declared: TableDecl, into table: inout Table) {
        var keys: [ForeignKeyDecl] = []
        for column in declared.columns {
            guard let reference = column.references else { continue }
            let parts = reference.value.split(separator: ".", maxSplits: 1).map(String.init)
            guard let targetTable = parts.first, !targetTable.isEmpty else {
                diagnostics.error(ModelMessage.badReference(found: reference.value), at: reference.location)
                continue
            }
            keys.append(
                ForeignKeyDecl(
                    location: reference.location, columns: [column.name],
                    referencedTable: Located(targetTable, at: reference.location),
                    referencedColumns: parts.count == 2 ? [Located(parts[1], at: reference.location)] : nil,
                    onDelete: column.onDelete ?? .noAction, onUpdate: column.onUpdate ?? .noAction))
        }
        keys += declared.foreignKeys
        for key in keys {
            guard checkColumns(key.columns, in: table, what: "foreign key of table `\(table.name)`") else { continue }
            if key.columns.isEmpty {
                diagnostics.error(ModelMessage.foreignKeyWithoutColumns(table.name), at: key.location)
                continue
            }
            let name =
                key.name?.value
                ?? chooseConstraintName(table.name, DefaultNames.nameAddition(key.columns.map(\.value)), label: "fkey")
            table.foreignKeys.append(
                ForeignKey(
                    name: name, columns: key.columns.map(\.value), referencedTable: key.referencedTable.value,
                    // Resolved to the target's primary key in `validateReferences` when not written.
                    referencedColumns: key.referencedColumns?.map(\.value) ?? [],
                    onDelete: key.onDelete, onUpdate: key.onUpdate, match: key.match, deferrability: key.deferrability,
                    origin: Origin(location: key.location)))
            pendingForeignKeys.append(PendingForeignKey(table: table.name, name: name, declaration: key))
        }
    }

    /// Reports every name in `columns` that `table` lacks (with "did you mean"); true if all exist.
    mutating func checkColumns(_ columns: [Located<String>], in table: Table, what: @autoclosure () -> String) -> Bool {
        var allExist = true
        var seen: Set<String> = []
        for column in columns {
            if !seen.insert(column.value).inserted {
                diagnostics.error(ModelMessage.columnNamedTwice(what(), column: column.value), at: column.location)
                allExist = false
                continue
            }
            guard table.column(named: column.value) == nil else { continue }
            allExist = false
            missingColumn(column, in: table, what: what())
        }
        return allExist
    }

    /// Reports a column the table lacks, with "did you mean".
    mutating func missingColumn(_ column: Located<String>, in table: Table, what: String) {
        guard !unresolvedTables.contains(table.name) else { return }
        let notes = Suggestion.note(for: column.value, in: table.columns.map(\.name)).map { [$0] } ?? []
        diagnostics.error(
            ModelMessage.missingColumn(what, column: column.value, table: table.name), at: column.location, notes: notes)
    }
}

/// A foreign key whose target is checked once every table is built.
struct PendingForeignKey {
    var table: String
    var name: String
    var declaration: ForeignKeyDecl
}
