/// Names that follow a rename without being declared: PostgreSQL keeps `threads_pkey`,
/// `threads_title_key` and `threads_id_seq` when `threads` or `title` is renamed, while the YAML
/// now derives `conversations_pkey` and so on. Dropping and recreating those would rebuild
/// indexes and, for a serial's sequence, restart its numbering; renaming them is free.
extension SchemaDiffer {
    /// Pairs every constraint, index and owned sequence that vanished by name with one that
    /// appeared with an identical definition in the same table, renames it in `old`, and
    /// records the rename.
    mutating func matchRenamedNames() {
        for table in new.tables.sorted(by: { $0.name < $1.name }) {
            // Most tables of a large schema are unchanged: nothing to match, nothing to re-sort.
            guard let tableIndex = old.tableIndex(named: table.name), old.tables[tableIndex] != table else { continue }
            var before = old.tables[tableIndex]
            if var key = before.primaryKey, let after = table.primaryKey, key.name != after.name {
                key.name = after.name
                if key == after {
                    steps.renames.append(.renameConstraint(table: table.name, from: before.primaryKey!.name, to: after.name))
                    before.primaryKey = key
                }
            }
            let renameConstraint = { [name = table.name] in Change.renameConstraint(table: name, from: $0, to: $1) }
            before.uniqueConstraints = renamed(
                before.uniqueConstraints, to: table.uniqueConstraints, name: \.name, as: renameConstraint)
            before.checks = renamed(before.checks, to: table.checks, name: \.name, as: renameConstraint)
            before.foreignKeys = renamed(before.foreignKeys, to: table.foreignKeys, name: \.name, as: renameConstraint)
            before.indexes = renamed(
                before.indexes, to: table.indexes, name: \.name, as: Change.renameIndex, definition: \.definition)
            before.normalizeOrder()
            old.tables[tableIndex] = before
        }
        let newNames = Set(new.sequences.map(\.name))
        let oldNames = Set(old.sequences.map(\.name))
        for sequence in new.sequences where !oldNames.contains(sequence.name) {
            guard let owner = sequence.ownedBy,
                let index = old.sequences.firstIndex(where: { candidate in
                    !newNames.contains(candidate.name) && candidate.ownedBy == owner
                        && { var c = candidate; c.name = sequence.name; c.comment = sequence.comment; return c == sequence }()
                })
            else { continue }
            steps.renames.append(.renameSequence(from: old.sequences[index].name, to: sequence.name))
            old.sequences[index].name = sequence.name
            // Kept in name order, like every list of the schema (`Schema.normalizeOrder`); each
            // table touched above was re-sorted already.
            old.sequences.sort { $0.name < $1.name }
        }
    }

    /// `items` with every unmatched name that has an identical unmatched counterpart in
    /// `targets` renamed to it; records one rename per pair, made by `change(from, to)`.
    private mutating func renamed<Item: Equatable>(
        _ items: [Item], to targets: [Item], name: WritableKeyPath<Item, String>,
        as change: (String, String) -> Change, definition: (Item) -> Item = { $0 }
    ) -> [Item] {
        let targetNames = Set(targets.map { $0[keyPath: name] })
        let itemNames = Set(items.map { $0[keyPath: name] })
        var claimed: Set<String> = []
        var result = items
        for index in result.indices where !targetNames.contains(result[index][keyPath: name]) {
            var candidate = definition(result[index])
            guard
                let target = targets.first(where: { target in
                    let targetName = target[keyPath: name]
                    guard !itemNames.contains(targetName), !claimed.contains(targetName) else { return false }
                    candidate[keyPath: name] = targetName
                    return candidate == definition(target)
                })
            else { continue }
            let from = result[index][keyPath: name]
            let to = target[keyPath: name]
            claimed.insert(to)
            steps.renames.append(change(from, to))
            result[index][keyPath: name] = to
        }
        return result
    }
}
