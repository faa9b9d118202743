/// A statement to render: one change, or several column type changes of one table that run as
/// one `ALTER TABLE` so the table is rewritten once, not once per column (PG-DDL §2.16).
enum StatementGroup {
    case single(Change)
    /// The `DROP DEFAULT` / `TYPE` / `SET DEFAULT` subcommands of one table. PostgreSQL runs a
    /// statement's subcommands in passes (drops, then type changes, then defaults), so every
    /// old default is gone before any conversion and every new one is set after.
    case combined(table: String, [Change])
}

/// Groups `changes` for rendering. Only runs of column changes of one table with two or more
/// type changes are combined; a column that also loses its identity keeps separate statements.
func groupStatements(_ changes: [Change]) -> [StatementGroup] {
    var groups: [StatementGroup] = []
    var index = 0
    while index < changes.count {
        guard let table = columnChangeTable(changes[index]) else {
            groups.append(.single(changes[index]))
            index += 1
            continue
        }
        var end = index
        while end < changes.count, columnChangeTable(changes[end]) == table { end += 1 }
        let run = Array(changes[index..<end])
        var typeChanged: Set<String> = []
        var identityDropped: Set<String> = []
        for change in run {
            if case .alterColumnType(let typeChange) = change { typeChanged.insert(typeChange.column) }
            if case .dropIdentity(_, let column) = change { identityDropped.insert(column) }
        }
        func combinable(_ change: Change) -> Bool {
            switch change {
            case .alterColumnType(let typeChange): return typeChanged.contains(typeChange.column)
            case .dropDefault(_, let column), .setDefault(_, let column, _): return typeChanged.contains(column)
            default: return false
            }
        }
        if typeChanged.count < 2 || !typeChanged.isDisjoint(with: identityDropped) {
            groups += run.map { .single($0) }
        } else {
            var placed = false
            for change in run {
                if combinable(change) {
                    if !placed { groups.append(.combined(table: table, run.filter(combinable))) }
                    placed = true
                } else {
                    groups.append(.single(change))
                }
            }
        }
        index = end
    }
    return groups
}

/// The table of a column-level `ALTER TABLE` change, nil for anything else.
private func columnChangeTable(_ change: Change) -> String? {
    switch change {
    case .alterColumnType(let typeChange): return typeChange.table
    case .dropDefault(let table, _), .setDefault(let table, _, _), .setNotNull(let table, _),
        .dropNotNull(let table, _), .dropIdentity(let table, _), .addIdentity(let table, _, _),
        .alterIdentity(let table, _, _, _), .setGeneratedExpression(let table, _, _),
        .dropGeneratedExpression(let table, _), .addColumn(let table, _):
        return table
    case .continueSequence(let continuation): return continuation.table
    default: return nil
    }
}

/// `ALTER TABLE t` with one subcommand per line.
func renderCombined(table: String, _ changes: [Change], schema: String) -> SQLStatement {
    let sql = SQLNames(schema: schema)
    var actions: [String] = []
    for change in changes {
        switch change {
        case .alterColumnType(let typeChange):
            actions.append("ALTER COLUMN \(sql.ident(typeChange.column)) \(typeAction(typeChange, sql: sql))")
        case .dropDefault(_, let column):
            actions.append("ALTER COLUMN \(sql.ident(column)) DROP DEFAULT")
        case .setDefault(_, let column, let expression):
            actions.append("ALTER COLUMN \(sql.ident(column)) SET DEFAULT \(expression)")
        default:
            break
        }
    }
    var lines = ["ALTER TABLE \(sql.qualified(table))"]
    for (position, action) in actions.enumerated() {
        lines.append("    " + action + (position == actions.count - 1 ? ";" : ","))
    }
    return SQLStatement(lines)
}
