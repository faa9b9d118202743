/// `old` as it looks once the renames of `hints` have run: tables, columns and enums carry their
/// new names everywhere they are mentioned (constraint and index column lists, foreign-key
/// targets, column types, sequence owners), so the rest of the diff compares by name.
///
/// Expressions (checks, index expressions, defaults) are verbatim SQL and are not rewritten: a
/// renamed column used in one shows up as a changed expression, dropped and recreated.
func applyRenames(_ hints: RenameHints, to old: Schema) -> Schema {
    var schema = old
    let tableNewName = Dictionary(uniqueKeysWithValues: hints.tables.map { ($0.value, $0.key) })
    let enumNewName = Dictionary(uniqueKeysWithValues: hints.enums.map { ($0.value, $0.key) })
    // Old table name → (old column → new column).
    var columnNewName: [String: [String: String]] = [:]
    for (newTable, renames) in hints.columns {
        let oldTable = hints.tables[newTable] ?? newTable
        columnNewName[oldTable] = Dictionary(uniqueKeysWithValues: renames.map { ($0.value, $0.key) })
    }

    func renamedColumn(_ column: String, ofOldTable table: String) -> String {
        columnNewName[table]?[column] ?? column
    }
    func renamedType(_ type: ColumnType) -> ColumnType {
        var type = type
        if type.schema == old.name, let newName = enumNewName[type.name] { type.name = newName }
        return type
    }

    for index in schema.enums.indices {
        if let newName = enumNewName[schema.enums[index].name] { schema.enums[index].name = newName }
    }
    for (identity, oldName) in hints.routines {
        var before = identity
        before.name = oldName
        if let index = schema.routines.firstIndex(where: { $0.identity == before }) { schema.routines[index].name = identity.name }
    }
    let sequenceNewName = Dictionary(uniqueKeysWithValues: hints.sequences.map { ($0.value, $0.key) })
    for index in schema.sequences.indices {
        if let newName = sequenceNewName[schema.sequences[index].name] { schema.sequences[index].name = newName }
        if let owner = schema.sequences[index].ownedBy {
            schema.sequences[index].ownedBy = ColumnReference(
                table: tableNewName[owner.table] ?? owner.table,
                column: renamedColumn(owner.column, ofOldTable: owner.table))
        }
    }
    for tableIndex in schema.tables.indices {
        var table = schema.tables[tableIndex]
        let oldName = table.name
        let rename = { (column: String) in renamedColumn(column, ofOldTable: oldName) }
        table.name = tableNewName[oldName] ?? oldName
        for index in table.columns.indices {
            table.columns[index].name = rename(table.columns[index].name)
            table.columns[index].type = renamedType(table.columns[index].type)
        }
        if var primaryKey = table.primaryKey {
            primaryKey.columns = primaryKey.columns.map(rename)
            table.primaryKey = primaryKey
        }
        for index in table.uniqueConstraints.indices {
            table.uniqueConstraints[index].columns = table.uniqueConstraints[index].columns.map(rename)
        }
        for index in table.foreignKeys.indices {
            let target = table.foreignKeys[index].referencedTable
            table.foreignKeys[index].columns = table.foreignKeys[index].columns.map(rename)
            table.foreignKeys[index].referencedColumns = table.foreignKeys[index].referencedColumns.map {
                renamedColumn($0, ofOldTable: target)
            }
            table.foreignKeys[index].referencedTable = tableNewName[target] ?? target
        }
        for index in table.indexes.indices {
            table.indexes[index].include = table.indexes[index].include.map(rename)
            for element in table.indexes[index].elements.indices {
                if case .column(let name) = table.indexes[index].elements[element].key {
                    table.indexes[index].elements[element].key = .column(rename(name))
                }
            }
        }
        schema.tables[tableIndex] = table
    }
    schema.normalizeOrder()
    return schema
}
