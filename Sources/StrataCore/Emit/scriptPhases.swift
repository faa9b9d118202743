/// The three parts of every script, in the order they run (SPEC §6):
///
/// - **prefix**: no-transaction statements that are idempotent and safe before anything else
///   (`ALTER TYPE … ADD VALUE IF NOT EXISTS`, `DROP INDEX CONCURRENTLY IF EXISTS`), each committed
///   on its own, so a failure later leaves nothing a retry trips over;
/// - **body**: every transactional statement in dependency order, run in one transaction with the
///   version row;
/// - **suffix** (up scripts only): `CREATE INDEX CONCURRENTLY IF NOT EXISTS` of indexes whose
///   tables exist by then, and the comments on those indexes; `apply` records the revision as
///   incomplete until they have all run, and resumes them on the next run.
///
/// Down scripts never build or drop an index concurrently: undoing a revision should be atomic, so
/// their index statements are plain and run inside the transaction; a down has at most a prefix.
struct ScriptPhases {
    var prefix: [Change] = []
    var body: [Change] = []
    var suffix: [Change] = []

    init(_ changes: [Change], direction: ScriptHeader.Direction) {
        // An enum renamed in this diff still has its old name when the prefix runs.
        var oldEnumNames: [String: String] = [:]
        for change in changes {
            if case .renameEnum(let from, let to) = change { oldEnumNames[to] = from }
        }
        var suffixIndexes: Set<String> = []
        for change in changes {
            if direction == .up, case .createIndex(_, let index) = change, index.concurrently {
                suffixIndexes.insert(index.name)
            }
        }
        for change in changes {
            switch change {
            case .addEnumValue(let enumName, let value, let position):
                prefix.append(
                    .addEnumValue(enumName: oldEnumNames[enumName] ?? enumName, value: value, position: position))
            case .createIndex(let table, var index) where index.concurrently:
                if direction == .up {
                    suffix.append(change)
                } else {
                    index.concurrently = false
                    body.append(.createIndex(table: table, index))
                }
            case .dropIndex(let table, var index) where index.concurrently:
                if direction == .up {
                    prefix.append(change)
                } else {
                    index.concurrently = false
                    body.append(.dropIndex(table: table, index))
                }
            case .setComment(.index(let name), _) where suffixIndexes.contains(name):
                suffix.append(change)
            default:
                body.append(change)
            }
        }
    }

    /// Every change in the order the script runs them.
    var ordered: [Change] { prefix + body + suffix }
}
