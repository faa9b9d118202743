/// The one-off hints a diff follows: renames (`renamed_from:`) and `USING` expressions, keyed by
/// the names of the diff's *target* schema.
///
/// Up diffs read them from the YAML's `Origin`s; down diffs use `inverted(...)`, so a down script
/// renames back and converts types back without the user writing anything.
public struct RenameHints: Hashable, Sendable {
    /// New table name → old table name.
    public var tables: [String: String] = [:]
    /// New table name → (new column name → old column name).
    public var columns: [String: [String: String]] = [:]
    /// New enum name → old enum name.
    public var enums: [String: String] = [:]
    /// New sequence name → old sequence name.
    public var sequences: [String: String] = [:]
    /// A renamed function or procedure, by its new identity → its old name (same kind and
    /// argument types).
    public var routines: [RoutineIdentity: String] = [:]
    /// New table name → (new column name → `USING` expression for a type change).
    public var usings: [String: [String: String]] = [:]

    public init() {}

    /// The hints declared in `new` that apply against `old`.
    ///
    /// `renamed_from` stays in the YAML after the rename has been compiled, so a hint applies only
    /// when the old name exists, the new name does not exist yet, and the old name is not declared
    /// again; otherwise it is stale and ignored.
    public static func declared(from old: Schema, to new: Schema) -> RenameHints {
        var hints = RenameHints()
        let oldTableNames = Set(old.tables.map(\.name))
        let newTableNames = Set(new.tables.map(\.name))
        for table in new.tables {
            if let from = table.origin.renamedFrom, from != table.name, oldTableNames.contains(from),
                !oldTableNames.contains(table.name), !newTableNames.contains(from)
            {
                hints.tables[table.name] = from
            }
        }
        // Resolve tables first: column hints are checked against the matched old table.
        for table in new.tables {
            guard let oldTable = old.table(named: hints.tables[table.name] ?? table.name) else { continue }
            for column in table.columns {
                if let from = column.origin.renamedFrom, from != column.name, oldTable.column(named: from) != nil,
                    oldTable.column(named: column.name) == nil, table.column(named: from) == nil
                {
                    hints.columns[table.name, default: [:]][column.name] = from
                }
                if let using = column.origin.using {
                    hints.usings[table.name, default: [:]][column.name] = using
                }
            }
        }
        let oldEnumNames = Set(old.enums.map(\.name))
        let newEnumNames = Set(new.enums.map(\.name))
        for enumType in new.enums {
            if let from = enumType.origin.renamedFrom, from != enumType.name, oldEnumNames.contains(from),
                !oldEnumNames.contains(enumType.name), !newEnumNames.contains(from)
            {
                hints.enums[enumType.name] = from
            }
        }
        let oldSequenceNames = Set(old.sequences.map(\.name))
        let newSequenceNames = Set(new.sequences.map(\.name))
        for sequence in new.sequences {
            if let from = sequence.origin.renamedFrom, from != sequence.name, oldSequenceNames.contains(from),
                !oldSequenceNames.contains(sequence.name), !newSequenceNames.contains(from)
            {
                hints.sequences[sequence.name] = from
            }
        }
        for routine in new.routines {
            guard let from = routine.origin.renamedFrom, from != routine.name else { continue }
            var before = routine.identity
            before.name = from
            if old.routine(before) != nil, old.routine(routine.identity) == nil, new.routine(before) == nil {
                hints.routines[routine.identity] = from
            }
        }
        return hints
    }

    /// The hints of the reverse diff (`new` → `old`): every rename swapped, and every type change
    /// that had a `USING` in up, or whose way back has no automatic cast (integer to text goes
    /// back from text), converts back with `USING column::old_type` (or `USING NULL` again when
    /// up discarded the values: a cast back could not succeed either).
    public func inverted(old: Schema, new: Schema) -> RenameHints {
        var result = RenameHints()
        for (newName, oldName) in tables { result.tables[oldName] = newName }
        for (newName, oldName) in enums { result.enums[oldName] = newName }
        for (newName, oldName) in sequences { result.sequences[oldName] = newName }
        for (identity, oldName) in routines {
            var before = identity
            before.name = oldName
            result.routines[before] = identity.name
        }
        for (newTable, renames) in columns {
            let oldTable = tables[newTable] ?? newTable
            for (newColumn, oldColumn) in renames { result.columns[oldTable, default: [:]][oldColumn] = newColumn }
        }
        for (newTable, expressions) in usings {
            let oldTableName = tables[newTable] ?? newTable
            guard let oldTable = old.table(named: oldTableName) else { continue }
            for (newColumn, expression) in expressions {
                let oldColumnName = columns[newTable]?[newColumn] ?? newColumn
                guard let oldColumn = oldTable.column(named: oldColumnName) else { continue }
                let back =
                    isDiscarding(expression)
                    ? "NULL" : Identifier.quotedIfNeeded(oldColumnName) + "::" + oldColumn.type.sql
                result.usings[oldTableName, default: [:]][oldColumnName] = back
            }
        }
        for newTable in new.tables {
            let oldTableName = tables[newTable.name] ?? newTable.name
            guard let oldTable = old.table(named: oldTableName) else { continue }
            for newColumn in newTable.columns where usings[newTable.name]?[newColumn.name] == nil {
                let oldColumnName = columns[newTable.name]?[newColumn.name] ?? newColumn.name
                guard let oldColumn = oldTable.column(named: oldColumnName),
                    needsExplicitCast(from: newColumn.type, to: oldColumn.type, managedSchema: old.name)
                else { continue }
                result.usings[oldTableName, default: [:]][oldColumnName] =
                    Identifier.quotedIfNeeded(oldColumnName) + "::" + oldColumn.type.sql
            }
        }
        return result
    }
}

/// True for a `USING` expression that throws the old values away (`NULL`, `NULL::type`).
func isDiscarding(_ using: String) -> Bool {
    let text = trimmedSQL(using).lowercased()
    return text == "null" || text.hasPrefix("null::") || text == "(null)"
}
