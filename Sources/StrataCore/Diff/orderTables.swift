/// The order in which to create `tables` so that every foreign key between them points at a table
/// that already exists: a topological sort, ties broken by name so the output is deterministic.
///
/// A cycle has no such order; it is broken at the alphabetically first table still waiting, which
/// is created anyway. Its foreign keys to tables not yet created then cannot be written inline and
/// must be added afterwards with `ALTER TABLE ... ADD CONSTRAINT` (see `inlineForeignKeys`).
/// Dropping runs the same order backwards.
func creationOrder(of tables: [Table]) -> [String] {
    let names = Set(tables.map(\.name))
    var dependencies: [String: Set<String>] = [:]
    for table in tables {
        dependencies[table.name] = Set(
            table.foreignKeys.map(\.referencedTable).filter { $0 != table.name && names.contains($0) })
    }
    var created: [String] = []
    var createdSet: Set<String> = []
    var waiting = tables.map(\.name).sorted()
    while !waiting.isEmpty {
        let ready = waiting.first { dependencies[$0, default: []].isSubset(of: createdSet) } ?? waiting[0]
        created.append(ready)
        createdSet.insert(ready)
        waiting.removeAll { $0 == ready }
    }
    return created
}

/// Splits a table's foreign keys into those that can be written inside its `CREATE TABLE`
/// (self-references and references to tables created earlier in `order`) and the rest.
func inlineForeignKeys(of table: Table, order: [String]) -> (inline: [ForeignKey], deferred: [ForeignKey]) {
    let position = order.firstIndex(of: table.name) ?? order.count
    var inline: [ForeignKey] = []
    var deferred: [ForeignKey] = []
    for foreignKey in table.foreignKeys {
        if foreignKey.referencedTable == table.name {
            inline.append(foreignKey)
        } else if let target = order.firstIndex(of: foreignKey.referencedTable), target < position {
            inline.append(foreignKey)
        } else {
            deferred.append(foreignKey)
        }
    }
    return (inline, deferred)
}
