/// The order in which to create `tables` so that every foreign key between them points at a table
/// that already exists: a topological sort, ties broken by name so the output is deterministic.
///
/// A cycle has no such order; it is broken at the alphabetically first table still waiting, which
/// is created anyway. Its foreign keys to tables not yet created then cannot be written inline and
/// must be added afterwards with `ALTER TABLE ... ADD CONSTRAINT` (see `inlineForeignKeys`).
/// Dropping runs the same order backwards.
///
/// Kahn's algorithm with the ready tables in a min-heap by name: the same order as picking the
/// first ready name of the sorted waiting list each time, in O(n log n) rather than O(n²).
func creationOrder(of tables: [Table]) -> CreationOrder {
    let names = Set(tables.map(\.name))
    var waitingOn: [String: Int] = [:]
    var dependents: [String: [String]] = [:]
    for table in tables {
        let dependencies = Set(
            table.foreignKeys.map(\.referencedTable).filter { $0 != table.name && names.contains($0) })
        waitingOn[table.name] = dependencies.count
        for dependency in dependencies { dependents[dependency, default: []].append(table.name) }
    }
    let sorted = names.sorted()
    var ready = NameHeap()
    for name in sorted where waitingOn[name] == 0 { ready.push(name) }
    var created: [String] = []
    var createdSet: Set<String> = []
    var cursor = 0  // into `sorted`: where to look for a table to break a cycle with
    while created.count < sorted.count {
        var next: String
        if let name = ready.pop() {
            if createdSet.contains(name) { continue }
            next = name
        } else {
            while createdSet.contains(sorted[cursor]) { cursor += 1 }
            next = sorted[cursor]
        }
        created.append(next)
        createdSet.insert(next)
        for dependent in dependents[next, default: []] {
            waitingOn[dependent, default: 0] -= 1
            if waitingOn[dependent] == 0 && !createdSet.contains(dependent) { ready.push(dependent) }
        }
    }
    return CreationOrder(created)
}

/// Table names in creation order, with each name's position at hand.
struct CreationOrder: RandomAccessCollection {
    let names: [String]
    let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() { positions[name] = position }
        self.positions = positions
    }

    var startIndex: Int { names.startIndex }
    var endIndex: Int { names.endIndex }
    subscript(position: Int) -> String { names[position] }
    func contains(_ name: String) -> Bool { positions[name] != nil }
    func position(of name: String) -> Int? { positions[name] }
}

/// A binary min-heap of names.
private struct NameHeap {
    var items: [String] = []

    mutating func push(_ name: String) {
        items.append(name)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> String? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

/// Splits a table's foreign keys into those that can be written inside its `CREATE TABLE`
/// (self-references and references to tables created earlier in `order`) and the rest.
func inlineForeignKeys(of table: Table, order: CreationOrder) -> (inline: [ForeignKey], deferred: [ForeignKey]) {
    let position = order.position(of: table.name) ?? order.count
    var inline: [ForeignKey] = []
    var deferred: [ForeignKey] = []
    for foreignKey in table.foreignKeys {
        if foreignKey.referencedTable == table.name {
            inline.append(foreignKey)
        } else if let target = order.position(of: foreignKey.referencedTable), target < position {
            inline.append(foreignKey)
        } else {
            deferred.append(foreignKey)
        }
    }
    return (inline, deferred)
}
