/// Comparing one table that exists on both sides (after renames).
extension SchemaDiffer {
    mutating func diffTable(old oldTable: Table, new table: Table) {
        let name = table.name
        let recreated = recreatedColumns[name, default: []]
        let removed = removedColumns[name, default: []]
        if options.checkIntent { checkSuspectedRenames(old: oldTable, new: table, removed: removed) }
        if oldTable.comment != table.comment { steps.comments.append(.setComment(.table(name), table.comment)) }

        for column in oldTable.columns where removed.contains(column.name) || recreated.contains(column.name) {
            steps.dropColumns.append(.dropColumn(table: name, column: column))
        }
        // Alterations first, additions after: a generated column added again (see
        // `analyzeColumns`) must not exist yet while a column it reads changes type.
        var added: [Column] = []
        for column in table.columns {
            guard let oldColumn = oldTable.column(named: column.name), !recreated.contains(column.name) else {
                added.append(column)
                continue
            }
            alterColumn(table: name, old: oldColumn, new: column)
            if oldColumn.comment != column.comment {
                steps.comments.append(.setComment(.column(table: name, column: column.name), column.comment))
            }
        }
        for column in added {
            steps.columns.append(.addColumn(table: name, column: column))
            if let comment = column.comment {
                steps.comments.append(.setComment(.column(table: name, column: column.name), comment))
            }
        }
        diffConstraints(old: oldTable, new: table)
        diffIndexes(old: oldTable, new: table)
    }

    /// A column that vanished and a new one of the same type in the same compile look like a
    /// rename written without `renamed_from`; dropping would lose the data, so ask, unless data
    /// loss is allowed: then the drop and the add go through and the drop's hazard says why.
    mutating func checkSuspectedRenames(old oldTable: Table, new table: Table, removed: Set<String>) {
        var claimed: Set<String> = []
        for column in table.columns where oldTable.column(named: column.name) == nil {
            guard
                let candidate = oldTable.columns.first(where: {
                    removed.contains($0.name) && $0.type == column.type && !claimed.contains($0.name)
                })
            else { continue }
            if options.allowDestructive {
                claimed.insert(candidate.name)
                unrenamedDrops[table.name, default: [:]][candidate.name] = column.name
                continue
            }
            diagnostics.append(
                .error(
                    DiffMessage.maybeRenamed(
                        table: table.name, column: column.name, gone: candidate.name, type: column.type.sql),
                    at: column.origin.location,
                    notes: [
                        .init(DiffMessage.declareRenameNote(column: column.name, gone: candidate.name)),
                        .init(DiffMessage.notARenameNote(column: column.name, gone: candidate.name)),
                    ]))
        }
    }

    /// The `ALTER COLUMN` steps that turn `old` into `new`, in an order PostgreSQL accepts:
    /// identity off, default off, type, default on, nullability, identity on, expression.
    mutating func alterColumn(table: String, old: Column, new: Column) {
        let column = new.name
        let typeChanged = old.type != new.type || old.collation != new.collation
        if old.identity != nil && new.identity == nil {
            dropIdentity(table: table, column: column)
        }
        if typeChanged {
            let using = hints.usings[table]?[column]
            if options.checkIntent {
                checkVectorDimensions(table: table, old: old, new: new, using: using)
                checkAutomaticCast(table: table, old: old, new: new, using: using)
            }
            // The old default may not cast to the new type; set the new one afterwards.
            if old.defaultExpression != nil { steps.columns.append(.dropDefault(table: table, column: column)) }
            steps.columns.append(
                .alterColumnType(
                    ColumnTypeChange(
                        table: table, column: column, from: old.type, to: new.type, collation: new.collation,
                        oldCollation: old.collation, using: old.type != new.type ? using : nil)))
            if let expression = new.defaultExpression {
                steps.columns.append(.setDefault(table: table, column: column, expression: expression))
            }
        } else if old.defaultExpression != new.defaultExpression, !enumConverted[table, default: []].contains(column) {
            // (A column converted to a recreated enum has its default dropped and set again by
            // the conversion's own ALTER TABLE, the new one included.)
            if let expression = new.defaultExpression {
                steps.columns.append(.setDefault(table: table, column: column, expression: expression))
            } else {
                steps.columns.append(.dropDefault(table: table, column: column))
            }
        }
        if old.nullable && !new.nullable {
            steps.columns.append(.setNotNull(table: table, column: column))
        } else if !old.nullable && new.nullable {
            steps.columns.append(.dropNotNull(table: table, column: column))
        }
        if let identity = new.identity {
            if let before = old.identity {
                if before != identity {
                    steps.columns.append(.alterIdentity(table: table, column: column, from: before, to: identity))
                }
            } else {
                addIdentity(identity, table: table, column: column)
            }
        }
        switch (old.generated, new.generated) {
        case (.some(let before), .some(let after)) where before.expression != after.expression:
            steps.columns.append(.setGeneratedExpression(table: table, column: column, generated: after))
        case (.some, nil):
            steps.columns.append(.dropGeneratedExpression(table: table, column: column))
        default:
            break
        }
    }

    /// pgvector cannot cast a vector to another dimension: the change fails on any row.
    mutating func checkVectorDimensions(table: String, old: Column, new: Column, using: String?) {
        guard using == nil, old.type.vectorKind != nil, new.type.vectorKind != nil,
            let before = old.type.modifiers.first, let after = new.type.modifiers.first, before != after
        else { return }
        diagnostics.append(
            .error(
                DiffMessage.vectorDimensionChange(table: table, column: new.name, from: before, to: after),
                at: new.origin.location,
                notes: [
                    .init(DiffMessage.discardVectorsNote),
                    .init(DiffMessage.newVectorColumnNote(type: new.type.sql, column: new.name)),
                ]))
    }

    /// A type change PostgreSQL has no automatic cast for fails on every row unless the author
    /// says how to convert.
    mutating func checkAutomaticCast(table: String, old: Column, new: Column, using: String?) {
        guard using == nil, needsExplicitCast(from: old.type, to: new.type, managedSchema: self.new.name) else { return }
        let column = Identifier.quotedIfNeeded(new.name)
        diagnostics.append(
            .error(
                DiffMessage.noAutomaticCast(table: table, column: new.name, from: old.type.sql, to: new.type.sql),
                at: new.origin.location, notes: [.init(DiffMessage.usingCastNote(column: column, type: new.type.sql))]))
    }

    // MARK: Constraints and indexes

    /// Whether `table`'s primary key is dropped (changed, or over a dropped column) by this diff.
    func primaryKeyIsDropped(table: String) -> Bool {
        guard let before = old.table(named: table)?.primaryKey, let after = new.table(named: table) else { return false }
        return before != after.primaryKey || dependsOnDroppedColumn(table: table, columns: before.columns, expressions: [])
    }

    /// Whether `table`'s unique constraint `name` is dropped by this diff.
    func uniqueIsDropped(table: String, name: String) -> Bool {
        guard let before = old.table(named: table)?.uniqueConstraints.first(where: { $0.name == name }),
            let after = new.table(named: table)
        else { return false }
        return after.uniqueConstraints.first(where: { $0.name == name }) != before
            || dependsOnDroppedColumn(table: table, columns: before.columns, expressions: [])
    }

    /// A kept foreign key must still be dropped and added again when the key it references is
    /// dropped and recreated, when a column it uses goes away and comes back, or when its two
    /// sides change type into different families (see `typesClashMidway`).
    func foreignKeyMustBeRebuilt(_ foreignKey: ForeignKey, table: String) -> Bool {
        if dependsOnDroppedColumn(table: table, columns: foreignKey.columns, expressions: []) { return true }
        let target = foreignKey.referencedTable
        guard !createdTables.contains(target), let targetTable = old.table(named: target) else { return false }
        if dependsOnDroppedColumn(table: target, columns: foreignKey.referencedColumns, expressions: []) { return true }
        if typesClashMidway(foreignKey, table: table) { return true }
        let key = Set(foreignKey.referencedColumns)
        if let primaryKey = targetTable.primaryKey, Set(primaryKey.columns) == key, primaryKeyIsDropped(table: target) {
            return true
        }
        if targetTable.uniqueConstraints.contains(where: {
            Set($0.columns) == key && uniqueIsDropped(table: target, name: $0.name)
        }) {
            return true
        }
        return targetTable.indexes.contains { index in
            let columns = index.elements.compactMap { element -> String? in
                if case .column(let column) = element.key { return column }
                return nil
            }
            return index.unique && index.predicate == nil && columns.count == index.elements.count
                && Set(columns) == key && indexIsDropped(index, table: target)
        }
    }

    /// Whether a column pair of `foreignKey` (on the surviving `table`, to a surviving table) holds
    /// types PostgreSQL cannot compare once one side has its new type and the other still its old
    /// one. PostgreSQL re-adds the key after each `ALTER COLUMN ... TYPE` and fails then (`foreign
    /// key constraint ... cannot be implemented`, PG-DDL §2.9); integer to bigint on both sides
    /// keeps the key.
    func typesClashMidway(_ foreignKey: ForeignKey, table: String) -> Bool {
        let target = foreignKey.referencedTable
        for (column, referenced) in zip(foreignKey.columns, foreignKey.referencedColumns) {
            guard let oldFrom = old.columnType(table: table, column: column),
                let newFrom = new.columnType(table: table, column: column),
                let oldTo = old.columnType(table: target, column: referenced),
                let newTo = new.columnType(table: target, column: referenced)
            else { continue }
            if !ModelBuilder.comparable(oldFrom, newTo) || !ModelBuilder.comparable(newFrom, oldTo) { return true }
        }
        return false
    }

    mutating func diffConstraints(old oldTable: Table, new table: Table) {
        let name = table.name
        if primaryKeyIsDropped(table: name) || (oldTable.primaryKey == nil && table.primaryKey != nil) {
            if let before = oldTable.primaryKey {
                steps.dropConstraints.append(.dropConstraint(table: name, name: before.name, kind: .primaryKey))
            }
            if let after = table.primaryKey { steps.addConstraints.append(.addPrimaryKey(table: name, after)) }
        }
        for unique in oldTable.uniqueConstraints where uniqueIsDropped(table: name, name: unique.name) {
            steps.dropConstraints.append(.dropConstraint(table: name, name: unique.name, kind: .unique))
        }
        for unique in table.uniqueConstraints {
            let before = oldTable.uniqueConstraints.first { $0.name == unique.name }
            if before == nil || uniqueIsDropped(table: name, name: unique.name) {
                steps.addConstraints.append(.addUnique(table: name, unique))
            }
        }
        let keptChecks = Set(
            oldTable.checks.filter { check in
                (table.checks.contains(check)
                    || table.checks.contains { checkIsCarried(check, to: $0, table: name) })
                    && !dependsOnDroppedColumn(table: name, columns: [], expressions: [check.expression])
                    && !mentionsEnumConvertedColumn(table: name, expressions: [check.expression])
            }.map(\.name))
        for check in oldTable.checks where !keptChecks.contains(check.name) {
            steps.dropConstraints.append(.dropConstraint(table: name, name: check.name, kind: .check))
        }
        for check in table.checks where !keptChecks.contains(check.name) {
            steps.addConstraints.append(.addCheck(table: name, check))
        }
        let keptForeignKeys = Set(
            oldTable.foreignKeys.filter { foreignKey in
                table.foreignKeys.contains(foreignKey) && !foreignKeyMustBeRebuilt(foreignKey, table: name)
            }.map(\.name))
        for foreignKey in oldTable.foreignKeys where !keptForeignKeys.contains(foreignKey.name) {
            steps.dropForeignKeys.append(
                .dropConstraint(
                    table: name, name: foreignKey.name, kind: .foreignKey(referencedTable: foreignKey.referencedTable)))
        }
        for foreignKey in table.foreignKeys where !keptForeignKeys.contains(foreignKey.name) {
            addForeignKey(foreignKey, on: name)
        }
    }

    /// Whether `index`, an index of the surviving table `table` before this diff, is dropped by
    /// it: gone, changed, or over a column dropped or converted to a recreated enum.
    func indexIsDropped(_ index: Index, table: String) -> Bool {
        guard let after = new.table(named: table)?.indexes.first(where: { $0.name == index.name }),
            after.definition == index.definition || indexIsCarried(index, to: after, table: table)
        else { return true }
        var columns = index.include
        var expressions = index.predicate.map { [$0] } ?? []
        for element in index.elements {
            switch element.key {
            case .column(let column): columns.append(column)
            case .expression(let expression): expressions.append(expression)
            }
        }
        return dependsOnDroppedColumn(table: table, columns: columns, expressions: expressions)
            || mentionsEnumConvertedColumn(table: table, expressions: expressions)
    }

    mutating func diffIndexes(old oldTable: Table, new table: Table) {
        let name = table.name
        var kept: Set<String> = []
        for index in oldTable.indexes {
            if indexIsDropped(index, table: name) {
                steps.dropIndexes.append(.dropIndex(table: name, index))
                continue
            }
            kept.insert(index.name)
            if let after = table.indexes.first(where: { $0.name == index.name }), index.comment != after.comment {
                steps.comments.append(.setComment(.index(index.name), after.comment))
            }
        }
        for index in table.indexes where !kept.contains(index.name) {
            steps.createIndexes.append(.createIndex(table: name, index))
            if let comment = index.comment { steps.comments.append(.setComment(.index(index.name), comment)) }
        }
    }
}
