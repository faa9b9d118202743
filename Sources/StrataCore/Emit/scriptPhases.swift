/// The three parts of every script, in the order they run (SPEC §6):
///
/// - **prefix**: no-transaction statements that are idempotent and safe before anything else
///   (`ALTER TYPE … ADD VALUE IF NOT EXISTS`), each committed on its own, so a failure later
///   leaves nothing a retry trips over. Nothing the previous revision relies on goes here: a
///   failing body must leave the database exactly at the previous revision, so an index is never
///   dropped before the body commits;
/// - **body**: every transactional statement in dependency order, run in one transaction with the
///   version row;
/// - **suffix** (up scripts only): the slow part of the online patterns, each statement run alone
///   and safe to repeat; `apply` records the revision as incomplete until they have all run, and
///   resumes them on the next run.
///
/// The online patterns apply to tables an earlier revision created (a table created by this diff
/// is empty: plain DDL costs nothing there), unless the schema says `online: false`:
/// - an index is built with `CREATE INDEX CONCURRENTLY` in the suffix and dropped with `DROP INDEX
///   CONCURRENTLY` at the end of the suffix, once whatever replaces it exists (`concurrently:
///   false` on the index keeps it in the body); a changed index is built under a temporary name,
///   the old one dropped, the new one renamed. An index the body cannot run beside is dropped
///   plainly in the body instead: on a table whose columns change type (ALTER COLUMN TYPE holds
///   ACCESS EXCLUSIVE anyway, and may need the index gone), or whose name the revision gives to
///   another relation. On a table the body rewrites, an index dropped and created again under
///   the same name is built in the body too: the rewrite holds the lock and rebuilds every other
///   index there anyway, and a unique index is never missing after the commit;
/// - a check or foreign key is added `NOT VALID` in the body and validated in the suffix;
/// - `SET NOT NULL` goes through a helper check: added `NOT VALID` in the body; validated, the
///   column set NOT NULL without a scan, and the helper dropped in the suffix;
/// - a primary key or unique constraint is built as a unique index concurrently, then attached
///   with `ADD CONSTRAINT ... USING INDEX`; a changed one (same name) is built under a temporary
///   name and swapped for the old one in one `ALTER TABLE`, so it is never missing.
///
/// Down scripts undo a revision atomically: everything runs in the transaction, index drops
/// included (plain `DROP INDEX`, a brief ACCESS EXCLUSIVE), so a failed down leaves the revision
/// whole.
struct ScriptPhases {
    var prefix: [Change] = []
    var body: [Change] = []
    var suffix: [Change] = []

    init(
        _ changes: [Change], direction: ScriptHeader.Direction, createdTables: Set<String> = [], online: Bool = true
    ) {
        // An enum renamed in this diff still has its old name when the prefix runs.
        var oldEnumNames: [String: String] = [:]
        for change in changes {
            if case .renameEnum(let from, let to) = change { oldEnumNames[to] = from }
        }
        let rules = OnlineRules(changes, createdTables: createdTables, online: online, direction: direction)
        // The suffix in the order it must run: indexes first (the slow builds), the swaps of
        // replaced indexes, validations, NOT NULLs, constraints on the new indexes, comments.
        var builds: [Change] = []
        var swaps: [Change] = []
        var validations: [Change] = []
        var notNulls: [Change] = []
        var attachments: [Change] = []
        var lateKeys: [Change] = []
        var comments: [Change] = []
        var lateDrops: [Change] = []
        var suffixIndexes: Set<String> = []
        for change in changes {
            switch change {
            case .addEnumValue(let enumName, let value, let position):
                prefix.append(
                    .addEnumValue(enumName: oldEnumNames[enumName] ?? enumName, value: value, position: position))
            case .createIndex(let table, var index):
                if rules.replaced.contains(index.name) {
                    let temporary = temporaryIndexName(index.name)
                    var build = index
                    build.name = temporary
                    build.concurrently = true
                    build.comment = nil
                    builds.append(.createIndex(table: table, build))
                    if let old = rules.replacedOld[index.name] {
                        var drop = old
                        drop.concurrently = true
                        swaps.append(.dropIndex(table: table, drop))
                    }
                    swaps.append(.finishIndexReplacement(table: table, temporary: temporary, name: index.name))
                    suffixIndexes.insert(index.name)
                } else if rules.buildsConcurrently(index, on: table), !rules.rebuiltPlainly.contains(index.name) {
                    index.concurrently = true
                    builds.append(.createIndex(table: table, index))
                    suffixIndexes.insert(index.name)
                } else {
                    index.concurrently = false
                    body.append(.createIndex(table: table, index))
                }
            case .dropIndex(let table, var index):
                if rules.replaced.contains(index.name) { continue }
                if rules.dropsAfterBody(index, on: table) {
                    index.concurrently = true
                    lateDrops.append(.dropIndex(table: table, index))
                } else {
                    index.concurrently = false
                    body.append(.dropIndex(table: table, index))
                }
            case .addCheck(let table, let check) where rules.isOnline(table):
                body.append(.addCheckNotValid(table: table, check))
                validations.append(.validateConstraint(table: table, name: check.name, referencedTable: nil))
            case .addForeignKey(let table, let key) where rules.needsOnlineKey(key):
                // What it references is built online in this suffix: the key comes after it.
                lateKeys += [
                    .addForeignKeyNotValid(table: table, key),
                    .validateConstraint(table: table, name: key.name, referencedTable: key.referencedTable),
                ]
            case .addForeignKey(let table, let key) where rules.isOnline(table):
                body.append(.addForeignKeyNotValid(table: table, key))
                validations.append(
                    .validateConstraint(table: table, name: key.name, referencedTable: key.referencedTable))
            case .setNotNull(let table, let column) where rules.isOnline(table) && !rules.convertedTables.contains(table):
                // (A table whose column types change is rewritten under ACCESS EXCLUSIVE anyway.)
                let helper = DefaultNames.makeObjectName(table, column, label: "not_null_check")
                body.append(
                    .addCheckNotValid(
                        table: table,
                        CheckConstraint(name: helper, expression: "\(Identifier.quotedIfNeeded(column)) IS NOT NULL")))
                notNulls += [
                    .validateConstraint(table: table, name: helper, referencedTable: nil),
                    .setNotNullChecked(table: table, column: column, check: helper),
                    .dropHelperCheck(table: table, name: helper),
                ]
            case .dropConstraint(_, let name, .primaryKey), .dropConstraint(_, let name, .unique):
                // A replaced key goes in the same statement that attaches its successor.
                if !rules.replacedKeys.contains(name) { body.append(change) }
            case .addPrimaryKey(let table, let key) where rules.attachesOnline(table, key.columns):
                attachOnline(
                    table: table, name: key.name, columns: key.columns, primaryKey: true, nullsNotDistinct: false,
                    deferrability: key.deferrability, replacing: rules.replacedKeys.contains(key.name),
                    builds: &builds, attachments: &attachments)
            case .addUnique(let table, let key) where rules.attachesOnline(table, key.columns):
                attachOnline(
                    table: table, name: key.name, columns: key.columns, primaryKey: false,
                    nullsNotDistinct: key.nullsNotDistinct, deferrability: key.deferrability,
                    replacing: rules.replacedKeys.contains(key.name), builds: &builds, attachments: &attachments)
            case .setComment(.index(let name), _) where suffixIndexes.contains(name):
                comments.append(change)
            default:
                body.append(change)
            }
        }
        suffix = builds + swaps + validations + notNulls + attachments + lateKeys + lateDrops + comments
    }

    /// Every change in the order the script runs them.
    var ordered: [Change] { prefix + body + suffix }
}

/// A primary key or unique constraint on an existing table: its unique index is built
/// concurrently, then attached. A changed key (same name) is built under a temporary name and
/// swapped for the old one in one `ALTER TABLE`, so the table is never without the constraint.
private func attachOnline(
    table: String, name: String, columns: [String], primaryKey: Bool, nullsNotDistinct: Bool,
    deferrability: Deferrability, replacing: Bool, builds: inout [Change], attachments: inout [Change]
) {
    let indexName = replacing ? temporaryIndexName(name) : name
    builds.append(
        .createIndex(
            table: table,
            Index(name: indexName, unique: true, elements: columns.map { IndexElement(.column($0)) },
                  nullsNotDistinct: nullsNotDistinct, concurrently: true)))
    if replacing {
        attachments.append(
            .replaceConstraintUsingIndex(
                table: table, name: name, temporary: indexName, primaryKey: primaryKey, deferrability: deferrability))
    } else {
        attachments.append(
            .addConstraintUsingIndex(table: table, name: name, primaryKey: primaryKey, deferrability: deferrability))
    }
}

/// The name a changed index is built under before it replaces the old one: `<name>_strata_new`,
/// cut to 63 bytes the way PostgreSQL cuts its own names.
func temporaryIndexName(_ name: String) -> String {
    DefaultNames.makeObjectName(name, nil, label: "strata_new")
}

/// Which changes of one diff take the online patterns.
struct OnlineRules {
    let createdTables: Set<String>
    let online: Bool
    let direction: ScriptHeader.Direction
    /// Indexes dropped and created again under the same name on an existing table: replaced online.
    var replaced: Set<String> = []
    var replacedOld: [String: Index] = [:]
    /// Indexes dropped and created again in the transaction (`concurrently: false`, or on a table
    /// the body rewrites): dropped there too.
    var rebuiltPlainly: Set<String> = []
    /// Tables the body rewrites (a type change that rewrites, a recreated enum's conversion): they
    /// are under ACCESS EXCLUSIVE for the whole transaction, and PostgreSQL rebuilds their indexes.
    var rewrittenTables: Set<String> = []
    /// Names this diff gives to a relation (a created table, index, key or sequence, a rename's
    /// target): an index dropped under one of them must be gone before the body reuses it.
    var reusedNames: Set<String> = []
    /// Unique indexes and constraints this diff builds online (in the suffix), by table and
    /// columns: a foreign key added on them must wait for them there.
    var onlineKeys: Set<KeyColumns> = []
    /// Tables whose columns change type (or enum) in this diff: the differ drops their dependent
    /// indexes before the conversion and builds them after, so such an index is not replaced
    /// online (the old one cannot outlive the conversion): dropped in the prefix, built in the suffix.
    var convertedTables: Set<String> = []
    /// Tables a dropped foreign key references: a unique index it depends on can only go after
    /// it, in the body.
    var unreferencedTables: Set<String> = []
    /// Primary keys and unique constraints dropped and added again under the same name on an
    /// existing table: replaced online (`replaceConstraintUsingIndex`).
    var replacedKeys: Set<String> = []

    struct KeyColumns: Hashable {
        var table: String
        var columns: Set<String>
    }

    init(_ changes: [Change], createdTables: Set<String>, online: Bool, direction: ScriptHeader.Direction) {
        self.createdTables = createdTables
        self.online = online
        self.direction = direction
        var dropped: [String: Index] = [:]
        var droppedKeys: [String: String] = [:]
        for change in changes {
            switch change {
            case .dropConstraint(let table, let name, .primaryKey), .dropConstraint(let table, let name, .unique):
                droppedKeys[name] = table
            case .alterColumnType(let typeChange):
                convertedTables.insert(typeChange.table)
                let effect = typeChangeEffect(from: typeChange.from, to: typeChange.to, using: typeChange.using)
                if effect.rewrites { rewrittenTables.insert(typeChange.table) }
            case .recreateEnum(let recreation):
                for use in recreation.columns {
                    convertedTables.insert(use.table)
                    rewrittenTables.insert(use.table)
                }
            case .dropConstraint(_, _, .foreignKey(let target)):
                unreferencedTables.insert(target)
            case .dropIndex(_, let index):
                dropped[index.name] = index
            default:
                break
            }
            reusedNames.formUnion(Self.relationNames(given: change))
        }
        for change in changes {
            guard case .createIndex(let table, let index) = change, let old = dropped[index.name] else { continue }
            if direction == .up, buildsConcurrently(index, on: table), !createdTables.contains(table),
                !convertedTables.contains(table)
            {
                replaced.insert(index.name)
                replacedOld[index.name] = old
            } else if !buildsConcurrently(index, on: table)
                || (rewrittenTables.contains(table) && index.concurrently != true && !createdTables.contains(table))
            {
                rebuiltPlainly.insert(index.name)
            }
        }
        func noteReplacedKey(_ name: String, _ columns: [String], on table: String) {
            if droppedKeys[name] == table, attachesOnline(table, columns), !convertedTables.contains(table) {
                replacedKeys.insert(name)
            }
        }
        for change in changes {
            switch change {
            case .addPrimaryKey(let table, let key):
                noteReplacedKey(key.name, key.columns, on: table)
            case .addUnique(let table, let key):
                noteReplacedKey(key.name, key.columns, on: table)
            default:
                break
            }
        }
        for change in changes {
            switch change {
            case .createIndex(let table, let index):
                if buildsConcurrently(index, on: table), let columns = Self.uniqueColumns(index) {
                    onlineKeys.insert(KeyColumns(table: table, columns: columns))
                }
            case .addUnique(let table, let key) where attachesOnline(table, key.columns):
                onlineKeys.insert(KeyColumns(table: table, columns: Set(key.columns)))
            case .addPrimaryKey(let table, let key) where attachesOnline(table, key.columns):
                onlineKeys.insert(KeyColumns(table: table, columns: Set(key.columns)))
            default:
                break
            }
        }
    }

    /// Whether statements on `table` take the online patterns.
    func isOnline(_ table: String) -> Bool {
        online && direction == .up && !createdTables.contains(table)
    }

    func buildsConcurrently(_ index: Index, on table: String) -> Bool {
        guard direction == .up else { return false }
        if let explicit = index.concurrently { return explicit }
        return isOnline(table)
    }

    /// Whether `key` references a unique index or constraint built online in this diff.
    func needsOnlineKey(_ key: ForeignKey) -> Bool {
        direction == .up && onlineKeys.contains(KeyColumns(table: key.referencedTable, columns: Set(key.referencedColumns)))
    }

    /// Whether dropping `index` waits for the body's commit (`DROP INDEX CONCURRENTLY` in the
    /// suffix) rather than running plainly in the body. A down script has no suffix; an index
    /// declared `concurrently: false`, a table whose columns change type, a name the body reuses
    /// and a unique index a dropped foreign key needs keep the drop in the body, where it rolls
    /// back with everything else.
    func dropsAfterBody(_ index: Index, on table: String) -> Bool {
        guard online, direction == .up, index.concurrently != false, !createdTables.contains(table),
            !rebuiltPlainly.contains(index.name), !convertedTables.contains(table), !reusedNames.contains(index.name)
        else { return false }
        return !(index.unique && unreferencedTables.contains(table))
    }

    /// The relation names `change` creates or renames to (tables, indexes and sequences share one
    /// namespace per schema).
    private static func relationNames(given change: Change) -> [String] {
        switch change {
        case .createTable(let table):
            return [table.name] + (table.primaryKey.map { [$0.name] } ?? []) + table.uniqueConstraints.map(\.name)
        case .createIndex(_, let index): return [index.name]
        case .addPrimaryKey(_, let key): return [key.name]
        case .addUnique(_, let key): return [key.name]
        case .createSequence(let sequence): return [sequence.name]
        case .renameTable(_, let to), .renameIndex(_, let to), .renameSequence(_, let to), .renameConstraint(_, _, let to),
            .renameIdentitySequence(_, _, let to):
            return [to]
        default: return []
        }
    }

    func attachesOnline(_ table: String, _ columns: [String]) -> Bool { isOnline(table) }

    /// The columns of a plain unique index (no predicate, no expression), which a foreign key can reference.
    private static func uniqueColumns(_ index: Index) -> Set<String>? {
        guard index.unique, index.predicate == nil else { return nil }
        var columns: Set<String> = []
        for element in index.elements {
            guard case .column(let name) = element.key else { return nil }
            columns.insert(name)
        }
        return columns
    }
}
