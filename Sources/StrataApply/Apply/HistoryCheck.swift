public import StrataBundle

/// Why the database's version rows do not fit the bundle. Each case is a refusal before anything
/// runs (exit 2): the bundle and the database disagree about what has been applied.
public enum HistoryMismatch: Error, Hashable, Sendable, CustomStringConvertible {
    /// The database has applied revisions past the bundle's head.
    case databaseAhead(revision: String, position: Int, chainHash: String, bundleHead: String?)
    /// The row at a position names another revision than the chain does.
    case differentRevision(
        position: Int, database: String, databaseHash: String, bundle: String, bundleHash: String)
    /// Same id, different chain hash: the database ran another script under this name.
    case differentChainHash(revision: String, database: String, bundle: String)
    /// Same id, but a script's checksum differs from the one recorded when it was applied: the
    /// file (`file`, relative to `out/`) was edited and rehashed since, or the row was edited.
    case differentChecksum(revision: String, script: StepDirection, file: String, database: String, bundle: String)
    /// Positions are not 1, 2, 3, ... or a parent does not match the previous row.
    case brokenRows(String)

    public var description: String {
        switch self {
        case .databaseAhead(let revision, let position, let chainHash, let head):
            return "the database is ahead of the bundle: it has applied \(revision) (position \(position), "
                + "chain hash \(chainHash)), which the bundle does not contain; the bundle's head is "
                + (head ?? "base (empty chain)") + ". Use the bundle that applied it (a newer release of out/), or pull "
                + "the revisions this bundle lacks from version control."
        case .differentRevision(let position, let database, let databaseHash, let bundle, let bundleHash):
            return "the database recorded \(database) (chain hash \(databaseHash)) at position \(position), "
                + "but the bundle has \(bundle) (chain hash \(bundleHash)) there: the two histories diverged (a "
                + "branch compiled its own revision at that position). Nothing is guessed: apply with the bundle that "
                + "applied \(database), or merge the schema changes in version control, compile them as one history "
                + "and go down to the common revision first with the old bundle"
        case .differentChainHash(let revision, let database, let bundle):
            return "revision \(revision) was applied with a different script: the database recorded chain hash "
                + "\(database), the bundle has \(bundle). A revision or one before it was edited or recompiled "
                + "after this database applied it: restore out/ from version control as it was released, and put "
                + "further changes in new revisions"
        case .differentChecksum(let revision, let script, let file, let database, let bundle):
            return "revision \(revision): the \(script) script \(file) has checksum \(bundle) in the bundle, but the "
                + "database recorded \(database) when it applied the revision: the file was changed after it was "
                + "applied. Restore \(file) and chain.json from version control; for a deliberate change, put it in "
                + "a new revision (`strata compile --empty -m MESSAGE`) instead of editing an applied one"
        case .brokenRows(let detail):
            return "the version table is inconsistent: \(detail)"
        }
    }
}

/// Checks that the version rows (ordered by position) are a prefix of the chain with equal hashes
/// and checksums, and returns how many revisions are applied (0 = base).
public func checkAppliedHistory(_ rows: [AppliedRevision], against chain: [ChainEntry]) throws(HistoryMismatch)
    -> Int
{
    for (index, row) in rows.enumerated() {
        guard row.position == index + 1 else {
            throw .brokenRows("expected position \(index + 1), found \(row.position) for \(row.revision)")
        }
        let expectedParent = index == 0 ? nil : rows[index - 1].revision
        guard row.parent == expectedParent else {
            throw .brokenRows(
                "\(row.revision) has parent \(row.parent ?? "NULL"), expected \(expectedParent ?? "NULL")")
        }
        guard index < chain.count else {
            let last = rows[rows.count - 1]
            throw .databaseAhead(
                revision: last.revision, position: last.position, chainHash: last.chainHash,
                bundleHead: chain.last?.id)
        }
        let entry = chain[index]
        guard row.revision == entry.id else {
            throw .differentRevision(
                position: row.position, database: row.revision, databaseHash: row.chainHash, bundle: entry.id,
                bundleHash: entry.chainHash)
        }
        // Checksums first: an edited (and rehashed) script changes the chain hash too, and the
        // checksum names the file.
        guard row.upSHA256 == entry.up.sha256 else {
            throw .differentChecksum(
                revision: entry.id, script: .up, file: entry.up.file, database: row.upSHA256, bundle: entry.up.sha256)
        }
        guard row.downSHA256 == entry.down.sha256 else {
            throw .differentChecksum(
                revision: entry.id, script: .down, file: entry.down.file, database: row.downSHA256,
                bundle: entry.down.sha256)
        }
        guard row.chainHash == entry.chainHash else {
            throw .differentChainHash(revision: entry.id, database: row.chainHash, bundle: entry.chainHash)
        }
    }
    return rows.count
}
