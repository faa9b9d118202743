/// A rendered up or down script and what its header says.
public struct MigrationScript: Hashable, Sendable {
    /// The whole file, ending in a newline.
    public var text: String
    /// The changes in plain words, in script order.
    public var changes: [String]
    /// One line per hazardous statement.
    public var hazards: [String]
    /// The data-loss hazards alone, for the destructive-revision refusal.
    public var dataLoss: [String]
    /// False when any statement is marked `-- strata:no-transaction`.
    public var isTransactional: Bool
}

/// Renders `diff` as a script of the managed schema `schema`: the header, then each statement
/// after a blank line, with `-- strata:no-transaction` right above those that cannot run in a
/// transaction block. Statements come as prefix, body, suffix (`ScriptPhases`).
func emitScript(_ diff: SchemaDiff, schema: String, header: ScriptHeader) -> MigrationScript {
    let phases = ScriptPhases(
        diff.changes, direction: header.direction, createdTables: diff.createdTables, online: diff.online)
    var changes: [String] = []
    var hazardLines: [String] = []
    var dataLoss: [String] = []
    var statements: [SQLStatement] = []
    for change in phases.ordered {
        let words = describe(change, schema: schema)
        changes.append(words)
        // One line per statement: its risks, then the locks it takes.
        let found = hazards(
            of: change, schema: schema, createdTables: diff.createdTables, unrenamedDrops: diff.unrenamedDrops)
        if !found.isEmpty {
            var locks: [String] = []
            for hazard in found where !locks.contains(hazard.lock) { locks.append(hazard.lock) }
            let line = "\(words): \(found.map(\.detail).joined(separator: "; ")) (\(locks.joined(separator: "; ")))"
            hazardLines.append(line)
            if found.contains(where: { $0.kind == .dataLoss }) { dataLoss.append(line) }
        }
    }
    func render(_ groups: [StatementGroup]) -> [SQLStatement] {
        groups.flatMap { group -> [SQLStatement] in
            switch group {
            case .single(let change): return renderChange(change, schema: schema)
            case .combined(let table, let changes): return [renderCombined(table: table, changes, schema: schema)]
            }
        }
    }
    let prefix = render(groupStatements(phases.prefix))
    let body = render(groupStatements(phases.body))
    var suffix: [SQLStatement] = []
    for change in phases.suffix {
        // A comment on an index built in the suffix must wait for it: it runs alone too.
        suffix += renderChange(change, schema: schema).map { statement in
            SQLStatement(statement.lines, nonTransactional: true)
        }
    }
    // The body's transaction starts by pinning what its statements store (apply and the release
    // bundle hold the same settings around the statements outside it).
    let pins = prefix.isEmpty && body.isEmpty && suffix.isEmpty ? [] : PinnedSettings.statements
    statements = prefix + pins + body + suffix
    var writer = SQLWriter()
    header.write(changes: changes, hazards: hazardLines, to: &writer)
    // The statements' size is known: reserved at once, the text of a large script is not
    // copied each time it outgrows its buffer.
    var statementBytes = 0
    for statement in statements {
        statementBytes += noTransactionMarker.utf8.count + 2
        for line in statement.lines { statementBytes += line.utf8.count + 1 }
    }
    writer.reserveCapacity(statementBytes)
    for (position, statement) in statements.enumerated() {
        let isPin = position >= prefix.count && position < prefix.count + pins.count
        if !isPin || position == prefix.count { writer.blankLine() }
        if isPin && position == prefix.count { writer.comment(PinnedSettings.comment) }
        if statement.nonTransactional { writer.line(noTransactionMarker) }
        for line in statement.lines { writer.line(line) }
    }
    return MigrationScript(
        text: writer.text, changes: changes, hazards: hazardLines, dataLoss: dataLoss,
        isTransactional: !statements.contains(where: \.nonTransactional))
}

/// The up script of `diff`.
func emitUp(_ diff: SchemaDiff, schema: String, revisionID: String, parentID: String?, message: String)
    -> MigrationScript
{
    emitScript(
        diff, schema: schema,
        header: ScriptHeader(revisionID: revisionID, parentID: parentID, message: message, direction: .up))
}

/// The down script of `diff` (a diff from the new schema back to the old one).
public func emitDown(_ diff: SchemaDiff, schema: String, revisionID: String, parentID: String?, message: String)
    -> MigrationScript
{
    emitScript(
        diff, schema: schema,
        header: ScriptHeader(revisionID: revisionID, parentID: parentID, message: message, direction: .down))
}

/// A script for `compile --empty`: the header and a note saying where the hand-written SQL goes.
func emitEmptyScript(header: ScriptHeader) -> MigrationScript {
    var writer = SQLWriter()
    header.write(changes: [], hazards: [], to: &writer)
    writer.blankLine()
    switch header.direction {
    case .up:
        writer.comment("Write this revision's SQL below. It runs once, in one transaction; put the line")
    case .down:
        writer.comment("Write the SQL that undoes this revision's up script below. It runs in one transaction; put the line")
    }
    writer.comment("\"\(noTransactionMarker)\" directly above a statement that must run outside one. Such")
    writer.comment("statements may only come first (before every transactional statement) or, in an up script,")
    writer.comment("last (after every one; apply records the revision as incomplete until they have run).")
    if header.direction == .up {
        writer.comment("Declare what it needs of the server in this comment block, one per line, so apply and the")
        writer.comment("release script check it first: `-- strata:requires postgres 16`, `-- strata:requires vector 0.7`.")
    }
    writer.comment("Run `strata rehash` after editing this file.")
    return MigrationScript(text: writer.text, changes: [], hazards: [], dataLoss: [], isTransactional: true)
}
