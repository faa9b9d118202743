/// Hazards a DBA asks about that the per-statement risks leave unsaid (issue 21): a rename breaks
/// the clients still using the old name, a catalog-only ALTER still takes a brief ACCESS
/// EXCLUSIVE lock (and queues every query behind it while it waits), SET NOT NULL fails on a null
/// (backfill first), and the down script of a dropped column or table brings back the shape, not
/// the data. Listed beside `hazards(of:)`'s, on the same statement's line.
func operatorHazards(
    of change: Change, schema: String, createdTables: Set<String>, direction: ScriptHeader.Direction
) -> [Hazard] {
    func name(_ table: String) -> String { Identifier.qualified(schema, table) }
    func exclusive(_ table: String) -> String { "ACCESS EXCLUSIVE on \(name(table))" }
    let brief = "waits for running queries, and queries queue behind it meanwhile"
    switch change {
    case .renameTable(let from, let to):
        return [
            Hazard(
                .breaksClients,
                "clients still using the old name \(name(from)) fail; deploy code that uses \(name(to)) with it",
                lock: exclusive(to))
        ]
    case .renameColumn(let table, let from, let to):
        guard !createdTables.contains(table) else { return [] }
        return [
            Hazard(
                .breaksClients,
                "clients still using the old name \(name(table)).\(from) fail; deploy code that uses \(to) with it",
                lock: exclusive(table))
        ]
    case .addColumn(let table, let column):
        guard !createdTables.contains(table) else { return [] }
        if direction == .down {
            // A generated column's values are computed again; only stored data is gone for good.
            guard column.generated == nil else { return [] }
            return [
                Hazard(
                    .restoresNoData,
                    "re-adds \(name(table)).\(column.name) empty: the values the up script dropped do not come back",
                    lock: exclusive(table))
            ]
        }
        // The rewrites and failures are `hazards(of:)`'s; what is left is the lock itself.
        guard !isRewritingAdd(column) else { return [] }
        return [Hazard(.heavyLock, "a catalog-only change, but it \(brief)", lock: exclusive(table))]
    case .setNotNull(let table, let column):
        guard !createdTables.contains(table) else { return [] }
        return [
            Hazard(
                .mayFail, "fails if any row holds a null in \(column): backfill it first (an UPDATE in an earlier revision)",
                lock: exclusive(table))
        ]
    case .dropColumn(let table, let column):
        guard direction == .up, !createdTables.contains(table), column.generated == nil else { return [] }
        return [
            Hazard(
                .restoresNoData, "the down script re-adds \(column.name) empty: it restores the column, not its data",
                lock: exclusive(table))
        ]
    case .dropTable(let table):
        guard direction == .up else { return [] }
        return [
            Hazard(
                .restoresNoData, "the down script recreates \(name(table)) empty: it restores the table, not its rows",
                lock: exclusive(table))
        ]
    default:
        return []
    }
}

/// An added column whose value is computed for every row (identity, stored generated, a
/// volatile default): `hazards(of:)` already calls it a rewrite.
private func isRewritingAdd(_ column: Column) -> Bool {
    if column.identity != nil { return true }
    if let generated = column.generated, generated.stored { return true }
    if let expression = column.defaultExpression, isVolatile(expression) { return true }
    return false
}
