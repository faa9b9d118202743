/// Cross-table checks, run once every table is built.
extension ModelBuilder {
    /// Foreign-key targets and `owned_by`, once every table is built.
    mutating func validateReferences() {
        for pending in pendingForeignKeys { resolveForeignKey(pending) }
        for (sequence, owner) in pendingOwners {
            let parts = owner.value.split(separator: ".", maxSplits: 1).map(String.init)
            guard let table = tableIndexes[parts[0]].map({ tables[$0] }) else {
                missingTable(parts[0], at: owner.location, what: "`owned_by` of sequence `\(sequence)`")
                continue
            }
            if table.column(named: parts[1]) == nil {
                missingColumn(Located(parts[1], at: owner.location), in: table, what: "`owned_by` of sequence `\(sequence)`")
            }
        }
    }

    /// Reports a reference to an undeclared table, with "did you mean".
    mutating func missingTable(_ name: String, at location: SourceLocation, what: String) {
        let notes = Suggestion.note(for: name, in: tables.map(\.name)).map { [$0] } ?? []
        diagnostics.error(ModelMessage.undeclaredTable(what, name), at: location, notes: notes)
    }

    /// Checks one foreign key's target and fills in its referenced columns (the target's primary key when not written).
    mutating func resolveForeignKey(_ pending: PendingForeignKey) {
        let declared = pending.declaration
        let what = "foreign key `\(pending.name)` of table `\(pending.table)`"
        guard let tableIndex = tableIndexes[pending.table],
            let keyIndex = tables[tableIndex].foreignKeys.firstIndex(where: { $0.name == pending.name })
        else { return }
        guard let target = tableIndexes[declared.referencedTable.value].map({ tables[$0] }) else {
            missingTable(declared.referencedTable.value, at: declared.referencedTable.location, what: what)
            return
        }
        guard !unresolvedTables.contains(target.name) else { return }
        var referenced: [Located<String>]
        if let columns = declared.referencedColumns {
            referenced = columns
            var allExist = true
            for column in columns where target.column(named: column.value) == nil {
                missingColumn(column, in: target, what: what)
                allExist = false
            }
            guard allExist else { return }
        } else {
            guard let primaryKey = target.primaryKey else {
                diagnostics.error(
                    ModelMessage.targetWithoutPrimaryKey(what, target.name), at: declared.referencedTable.location)
                return
            }
            referenced = primaryKey.columns.map { Located($0, at: declared.referencedTable.location) }
        }
        guard referenced.count == declared.columns.count else {
            diagnostics.error(
                ModelMessage.columnCountMismatch(
                    what, columns: declared.columns.count, target: target.name, referenced: referenced.map(\.value)),
                at: declared.referencedTable.location)
            return
        }
        let source = tables[tableIndex]
        for (column, targetColumn) in zip(declared.columns, referenced) {
            guard let from = source.column(named: column.value)?.type, let to = target.column(named: targetColumn.value)?.type,
                !unresolvedColumns.contains(ColumnReference(table: source.name, column: column.value)),
                !unresolvedColumns.contains(ColumnReference(table: target.name, column: targetColumn.value))
            else { continue }
            if !Self.comparable(from, to) {
                diagnostics.error(
                    ModelMessage.incomparableTypes(
                        what, column: "\(source.name).\(column.value)", type: from.sql + Self.familyDescription(from),
                        referenced: "\(target.name).\(targetColumn.value)", referencedType: to.sql + Self.familyDescription(to)),
                    at: column.location, notes: [Diagnostic.Note(ModelMessage.incomparableTypesNote)])
            }
        }
        checkUniqueTarget(referenced.map(\.value), in: target, at: declared.referencedTable.location, what: what)
        tables[tableIndex].foreignKeys[keyIndex].referencedColumns = referenced.map(\.value)
    }

    /// The referenced columns must be a primary key or a non-deferrable unique constraint or
    /// unique index (not partial, no expressions) on exactly those columns.
    mutating func checkUniqueTarget(_ columns: [String], in target: Table, at location: SourceLocation, what: String) {
        let wanted = Set(columns)
        var deferrableMatch = false
        if let primaryKey = target.primaryKey, Set(primaryKey.columns) == wanted, primaryKey.columns.count == columns.count {
            if !primaryKey.deferrability.deferrable { return }
            deferrableMatch = true
        }
        for unique in target.uniqueConstraints where Set(unique.columns) == wanted && unique.columns.count == columns.count {
            if !unique.deferrability.deferrable { return }
            deferrableMatch = true
        }
        for index in target.indexes where index.unique && index.predicate == nil && index.elements.count == columns.count {
            let names = index.elements.compactMap { element -> String? in
                if case .column(let name) = element.key { return name }
                return nil
            }
            if names.count == columns.count && Set(names) == wanted { return }
        }
        let list = "\(target.name)(\(columns.joined(separator: ", ")))"
        if deferrableMatch {
            diagnostics.error(
                ModelMessage.deferrableTarget(what, list), at: location)
        } else {
            diagnostics.error(
                ModelMessage.targetNotUnique(what, list), at: location,
                notes: [Diagnostic.Note(ModelMessage.addUniqueNote(columns: columns, table: target.name))])
        }
    }

    /// Whether a foreign-key column of type `from` can reference a key of type `to`:
    /// same family (integers, numbers, strings, date/times, bits), or integer → numeric.
    static func comparable(_ from: ColumnType, _ to: ColumnType) -> Bool {
        if from.isArray != to.isArray { return false }
        let a = family(from), b = family(to)
        return a == b || (a == "integer" && b == "number")
    }

    /// `" (a string type)"` and the like, for messages; empty outside the known families.
    static func familyDescription(_ type: ColumnType) -> String {
        if type.isArray { return " (an array)" }
        switch family(type) {
        case "integer": return " (an integer type)"
        case "number": return " (a numeric type)"
        case "string": return " (a string type)"
        case "datetime": return " (a date/time type)"
        case "bit": return " (a bit string type)"
        default: return ""
        }
    }

    /// A comparability class of a type; types outside the known families compare by name.
    static func family(_ type: ColumnType) -> String {
        switch type.name {
        case "smallint", "integer", "bigint": return "integer"
        case "numeric", "real", "double precision": return "number"
        case "text", "character varying", "character", "bpchar", "name": return "string"
        case "date", "timestamp without time zone", "timestamp with time zone": return "datetime"
        case "bit", "bit varying": return "bit"
        default: return (type.schema ?? "") + "." + type.name
        }
    }
}
