/// What one statement risks on a live database, and the lock it holds while it runs.
public struct Hazard: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case dataLoss = "loses data"
        case rewrite = "rewrites the table"
        case fullScan = "scans the table"
        case indexBuild = "builds an index"
        case heavyLock = "locks"
        case mayFail = "may fail"
        /// Values kept, but not byte for byte (a `char(n)`'s padding stripped).
        case changesValues = "changes values"
        case breaksClients = "breaks clients"
        /// A down script brings back a dropped column or table without its data.
        case restoresNoData = "restores no data"
    }

    public var kind: Kind
    /// Plain words: what is lost, rewritten or scanned.
    public var detail: String
    /// `ACCESS EXCLUSIVE on negentropy.memories`, possibly several tables.
    public var lock: String

    public init(_ kind: Kind, _ detail: String, lock: String) {
        self.kind = kind
        self.detail = detail
        self.lock = lock
    }
}

/// The hazards of one change in a schema named `schema`. Statements on tables created by the
/// same diff touch no rows and carry none.
func hazards(
    of change: Change, schema: String, createdTables: Set<String>, unrenamedDrops: [String: [String: String]] = [:]
) -> [Hazard] {
    func name(_ table: String) -> String { Identifier.qualified(schema, table) }
    func exclusive(_ table: String) -> String { "ACCESS EXCLUSIVE on \(name(table))" }
    switch change {
    case .dropTable(let table):
        return [Hazard(.dataLoss, "deletes every row of \(name(table))", lock: exclusive(table))]
    case .dropColumn(let table, let column):
        // A generated column's values can be computed again; the rest are gone.
        if column.generated != nil || createdTables.contains(table) { return [] }
        var detail = "deletes the data of column \(name(table)).\(column.name)"
        if let added = unrenamedDrops[table]?[column.name] {
            detail += " (not a rename: no renamed_from on the new column \(added))"
        }
        return [Hazard(.dataLoss, detail, lock: exclusive(table))]
    case .alterColumnType(let typeChange):
        if createdTables.contains(typeChange.table) { return [] }
        let column = "\(name(typeChange.table)).\(typeChange.column)"
        var result: [Hazard] = []
        if let using = typeChange.using, isDiscarding(using) {
            result.append(Hazard(.dataLoss, "USING \(using) discards every value of \(column)", lock: exclusive(typeChange.table)))
        }
        if let normalized = jsonbNormalization(from: typeChange.from, to: typeChange.to) {
            result.append(
                Hazard(
                    .dataLoss,
                    "converting \(column) from \(typeChange.from.sql) to jsonb changes the stored values: \(normalized)",
                    lock: exclusive(typeChange.table)))
        }
        let effect = typeChangeEffect(from: typeChange.from, to: typeChange.to, using: typeChange.using)
        result += zoneConversionHazards(typeChange, column: column, rewrites: effect.rewrites, lock: exclusive(typeChange.table))
        if effect.narrows {
            result.append(
                Hazard(
                    .dataLoss,
                    "narrows \(column) from \(typeChange.from.sql) to \(typeChange.to.sql): "
                        + narrowingOutcome(from: typeChange.from, to: typeChange.to),
                    lock: exclusive(typeChange.table)))
        }
        if typeChange.using == nil, losesPadding(from: typeChange.from, to: typeChange.to) {
            result.append(
                Hazard(
                    .changesValues,
                    "\(typeChange.from.sql) values of \(column) lose their trailing spaces (the padding) as \(typeChange.to.sql)",
                    lock: exclusive(typeChange.table)))
        }
        if effect.rewrites {
            result.append(Hazard(.rewrite, "rewrites \(name(typeChange.table)) and all its indexes", lock: exclusive(typeChange.table)))
        } else if typeChange.from == typeChange.to {
            result.append(Hazard(.indexBuild, "rebuilds the indexes on \(column) for the new collation", lock: exclusive(typeChange.table)))
        }
        return result
    case .addColumn(let table, let column):
        if createdTables.contains(table) { return [] }
        let qualified = "\(name(table)).\(column.name)"
        if column.identity != nil {
            return [Hazard(.rewrite, "adding identity column \(qualified) rewrites \(name(table))", lock: exclusive(table))]
        }
        if let generated = column.generated, generated.stored {
            return [Hazard(.rewrite, "adding stored generated column \(qualified) rewrites \(name(table))", lock: exclusive(table))]
        }
        if let expression = column.defaultExpression, isVolatile(expression) {
            return [
                Hazard(.rewrite, "the volatile default \(expression) is computed for every row: rewrites \(name(table))", lock: exclusive(table))
            ]
        }
        if !column.nullable, column.defaultExpression == nil, column.generated == nil {
            return [Hazard(.mayFail, "NOT NULL without a default fails if \(name(table)) has rows", lock: exclusive(table))]
        }
        return []
    case .setNotNull(let table, let column):
        if createdTables.contains(table) { return [] }
        return [Hazard(.fullScan, "scans all of \(name(table)) to prove \(column) has no nulls", lock: exclusive(table))]
    case .setGeneratedExpression(let table, _, let generated):
        if createdTables.contains(table) || !generated.stored { return [] }
        return [Hazard(.rewrite, "recomputes the stored column for every row: rewrites \(name(table))", lock: exclusive(table))]
    case .addCheck(let table, let check):
        if createdTables.contains(table) { return [] }
        return [Hazard(.fullScan, "scans all of \(name(table)) to validate \(check.name)", lock: exclusive(table))]
    case .addPrimaryKey(let table, let key):
        if createdTables.contains(table) { return [] }
        return [Hazard(.indexBuild, "builds the unique index \(key.name) over all of \(name(table))", lock: exclusive(table))]
    case .addUnique(let table, let key):
        if createdTables.contains(table) { return [] }
        return [Hazard(.indexBuild, "builds the unique index \(key.name) over all of \(name(table))", lock: exclusive(table))]
    case .addForeignKey(let table, let foreignKey):
        let target = foreignKey.referencedTable
        if createdTables.contains(table) && createdTables.contains(target) { return [] }
        let lock =
            target == table
            ? "SHARE ROW EXCLUSIVE on \(name(table))"
            : "SHARE ROW EXCLUSIVE on \(name(table)) and \(name(target))"
        if createdTables.contains(table) {
            return [Hazard(.heavyLock, "blocks writes to \(name(target)) while \(foreignKey.name) is added", lock: lock)]
        }
        return [Hazard(.fullScan, "scans all of \(name(table)) to validate \(foreignKey.name)", lock: lock)]
    case .addForeignKeyNotValid(let table, let foreignKey):
        // No scan, but PostgreSQL still installs its triggers on both tables.
        let target = foreignKey.referencedTable
        if createdTables.contains(table) && createdTables.contains(target) { return [] }
        let tables = target == table ? name(table) : "\(name(table)) and \(name(target))"
        return [
            Hazard(
                .heavyLock, "briefly blocks writes to \(tables) while \(foreignKey.name) is added (no scan)",
                lock: "SHARE ROW EXCLUSIVE on \(tables)")
        ]
    case .dropConstraint(let table, let constraint, .foreignKey(let target)):
        if createdTables.contains(table) { return [] }
        let lock = target == table ? exclusive(table) : "ACCESS EXCLUSIVE on \(name(table)) and \(name(target))"
        return [Hazard(.heavyLock, "dropping \(constraint) briefly blocks all access to both tables", lock: lock)]
    case .createIndex(let table, let index):
        if createdTables.contains(table) { return [] }
        if index.concurrently == true {
            return [
                Hazard(
                    .indexBuild,
                    "builds \(index.name) without blocking writes (two scans) after the revision's transaction; "
                        + "the next apply resumes a failed build",
                    lock: "SHARE UPDATE EXCLUSIVE on \(name(table))")
            ]
        }
        return [Hazard(.indexBuild, "builds \(index.name), blocking writes to \(name(table)) meanwhile", lock: "SHARE on \(name(table))")]
    case .validateConstraint(let table, let constraint, let target):
        var lock = "SHARE UPDATE EXCLUSIVE on \(name(table))"
        if let target, target != table { lock += "; ROW SHARE on \(name(target))" }
        return [
            Hazard(
                .fullScan,
                "scans all of \(name(table)) to validate \(constraint) without blocking writes after the revision's "
                    + "transaction; the next apply resumes it once violating rows are fixed",
                lock: lock)
        ]
    case .continueSequence(let continuation):
        if createdTables.contains(continuation.table) { return [] }
        let column = Identifier.quotedIfNeeded(continuation.column)
        var sequence: String
        switch continuation.sequence {
        case .named(let named): sequence = "sequence \(name(named))"
        case .identityOf: sequence = "the new identity sequence"
        }
        switch continuation.carriedFrom {
        case .named(let named)?: sequence += " past it and past the position of \(name(named)), which it replaces"
        case .identityOf?: sequence += " past it and past the position of the identity sequence it replaces"
        case nil: sequence += " past it"
        }
        return [
            Hazard(
                .fullScan,
                "reads \(continuation.descending ? "min" : "max")(\(column)) of \(name(continuation.table)) (all of it unless "
                    + "\(column) leads an index) and sets \(sequence), so the next insert does not reuse a value the "
                    + "column holds (PostgreSQL would start at the sequence's start value); a value beyond the sequence's range "
                    + "fails the revision",
                lock: "ACCESS SHARE on \(name(continuation.table))")
        ]
    case .dropIndex(let table, let index):
        // Concurrently (SHARE UPDATE EXCLUSIVE) it waits for queries but blocks nobody.
        if createdTables.contains(table) || index.concurrently == true { return [] }
        return [
            Hazard(.heavyLock, "dropping \(index.name) briefly blocks all access to \(name(table))", lock: exclusive(table))
        ]
    case .dropRoutine(let routine, let recreated):
        let lock = "ACCESS EXCLUSIVE on \(routine.displayName(schema: schema))"
        if recreated {
            return [
                Hazard(
                    .mayFail,
                    "its grants and owner are reset (strata does not manage them); a view, trigger or atomic routine "
                        + "using it makes the DROP fail (RESTRICT)",
                    lock: lock)
            ]
        }
        return [
            Hazard(
                .mayFail,
                "its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT)",
                lock: lock)
        ]
    case .recreateEnum(let recreation):
        var result: [Hazard] = []
        var tables: [String] = []
        for use in recreation.columns where !tables.contains(use.table) { tables.append(use.table) }
        let removed = recreation.removedValues
        if !removed.isEmpty, !recreation.columns.isEmpty {
            let columns = recreation.columns.map { "\(name($0.table)).\($0.column)" }.joined(separator: ", ")
            let labels = removed.map(sqlLiteral).joined(separator: ", ")
            result.append(
                Hazard(
                    .dataLoss, "drops enum value \(labels): rows of \(columns) holding it make the conversion fail; update them first",
                    lock: tables.map(exclusive).joined(separator: "; ")))
        }
        for table in tables {
            result.append(Hazard(.rewrite, "converting to the recreated type rewrites \(name(table))", lock: exclusive(table)))
        }
        return result
    default:
        return []
    }
}

/// Functions whose value differs per row: as an `ADD COLUMN` default they rewrite the table.
func isVolatile(_ expression: String) -> Bool {
    let lower = expression.lowercased()
    return ["gen_random_uuid", "uuidv4", "uuidv7", "clock_timestamp", "timeofday", "random", "nextval"].contains {
        mentions(lower, identifier: $0)
    }
}

/// A standard SQL string literal: `'...'` with embedded quotes doubled.
func sqlLiteral(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
}

/// What converting `old` to jsonb does to the stored text, when it changes it: json and the
/// string types keep a document as written, jsonb keeps only its value.
func jsonbNormalization(from old: ColumnType, to new: ColumnType) -> String? {
    let textual: Set<String> = ["json", "text", "character varying", "character", "bpchar"]
    guard new.name == "jsonb", new.schema == nil, old.schema == nil, textual.contains(old.name), old.isArray == new.isArray
    else { return nil }
    return "duplicate object keys collapse to the last one, key order and whitespace are normalized, "
        + "and the down script cannot restore the original text"
}

/// What a narrowing conversion does to the values that do not fit. A string longer than the
/// new length fails the statement, unless the excess is only spaces: PostgreSQL's length
/// coercion then cuts it silently (SQL's rule for assignment).
func narrowingOutcome(from old: ColumnType, to new: ColumnType) -> String {
    let lengthTypes: Set<String> = ["character varying", "text", "character", "bpchar"]
    guard lengthTypes.contains(new.name), let length = new.modifiers.first else {
        return "values that do not fit fail the statement or lose precision"
    }
    return "values longer than \(length) characters fail the statement, except those too long only by trailing "
        + "spaces, which are cut to \(length) silently"
}

/// Whether converting `old` to `new` strips a `char(n)`'s trailing spaces: the cast from
/// character to varchar or text trims them (`char(5)` 'ab   ' becomes 'ab').
func losesPadding(from old: ColumnType, to new: ColumnType) -> Bool {
    ["character", "bpchar"].contains(old.name) && ["character varying", "text"].contains(new.name)
        && old.isArray == new.isArray
}
