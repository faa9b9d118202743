public import Foundation
public import StrataCore

/// Checks the bundle in `directory` offline (SPEC §5): the chain file reads; positions, ids and
/// file names follow the order; every parent is the revision before; every listed file exists
/// and matches its checksum; every chain hash recomputes from its fields and its parent's
/// recorded hash; no stray `.sql`/`.json` file lies beside them; the transactional flag fits the
/// scripts' markers; no script ends or opens a transaction; every snapshot decodes, names the chain's schema and version table, and a
/// revision whose up script holds no statement has its parent's snapshot.
///
/// An empty array means the bundle is intact. Reordering, inserting or dropping a revision shows
/// as misplaced positions, broken parents and chain hash mismatches.
public func verifyBundle(at directory: URL) -> [BundleProblem] {
    verifyBundleReadingHead(at: directory).problems
}

/// `verifyBundle`, plus the head's snapshot it decoded on the way: a compile needs it next, and
/// decoding a large snapshot twice was a tenth of an incremental compile. The snapshot is nil
/// when the chain is empty or unreadable, or the head's snapshot did not decode.
///
/// `depth` `.integrity` is what a compile needs before it appends: the chain, every checksum and
/// chain hash, the head's snapshot, but not the statements of the earlier scripts nor the other
/// snapshots' contents. Matching checksums prove those files are byte for byte what a compile or
/// `rehash` wrote, and both checked them in full then (`rehash` validates before it writes);
/// splitting every earlier script again was a fifth of an incremental compile, and decoding every
/// snapshot grows with the history. `verify` and `apply` always check in full.
public func verifyBundleReadingHead(at directory: URL, depth: VerificationDepth = .full)
    -> (problems: [BundleProblem], headSnapshot: Schema?)
{
    let bundle: MigrationBundle
    do {
        bundle = try MigrationBundle.load(at: directory)
    } catch {
        return ([BundleProblem(.unreadableChain, revision: nil, file: ChainFile.fileName, message: error.description)], nil)
    }
    var verifier = BundleVerifier(bundle: bundle, depth: depth)
    let problems = verifier.run()
    return (problems, verifier.headSnapshot)
}

/// How much `verifyBundleReadingHead` checks.
public enum VerificationDepth: Sendable {
    /// Everything `verifyBundle` promises.
    case full
    /// The chain, checksums and chain hashes, and the head's snapshot decoded.
    case integrity
}

/// The checks of `verifyBundle`, one revision at a time.
struct BundleVerifier {
    var bundle: MigrationBundle
    var depth: VerificationDepth
    var problems: [BundleProblem] = []
    /// The last revision's snapshot, once `run` has decoded it.
    var headSnapshot: Schema?

    init(bundle: MigrationBundle, depth: VerificationDepth = .full) {
        self.bundle = bundle
        self.depth = depth
    }

    mutating func run() -> [BundleProblem] {
        let revisions = bundle.chain.revisions
        var seen: Set<String> = []
        var parentHash: String? = nil
        var parentID: String? = nil
        // The snapshot before the first revision is base.
        var parentSnapshot: Schema? = nil
        var versionTable: String? = nil

        for (offset, entry) in revisions.enumerated() {
            let position = offset + 1
            if !seen.insert(entry.id).inserted {
                add(.duplicateRevision, entry, ChainFile.fileName, "the id appears more than once in the chain")
            }
            checkPlacement(entry, position: position)
            if entry.parent != parentID {
                add(
                    .brokenParent, entry, ChainFile.fileName, "the parent is not the revision before it",
                    expected: parentID ?? "base (no parent)", found: entry.parent ?? "base (no parent)")
            }
            let recomputed = ChainHash.compute(for: entry, parentHash: parentHash)
            if recomputed != entry.chainHash {
                add(
                    .chainHashMismatch, entry, ChainFile.fileName,
                    "the chain hash does not match the revision's fields and its parent's chain hash",
                    expected: recomputed, found: entry.chainHash)
            }
            if depth == .integrity {
                checkScriptChecksum(entry.up, of: entry)
                checkScriptChecksum(entry.down, of: entry)
                if position == revisions.count {
                    parentSnapshot = checkSnapshot(entry, upScript: nil, parentSnapshot: nil, versionTable: &versionTable)
                } else {
                    _ = checkFile(entry.snapshot, of: entry)
                }
                parentHash = entry.chainHash
                parentID = entry.id
                continue
            }
            let up = checkScript(entry.up, of: entry)
            let down = checkScript(entry.down, of: entry)
            if let up, let down {
                let marked = up.hasNonTransactionalStatement || down.hasNonTransactionalStatement
                if entry.transactional == marked {
                    add(
                        .transactionalMismatch, entry, ChainFile.fileName,
                        "the transactional flag disagrees with the `\(noTransactionMarker)` markers in the scripts",
                        expected: String(!marked), found: String(entry.transactional))
                }
            }
            let snapshot = checkSnapshot(
                entry, upScript: up, parentSnapshot: parentSnapshot, versionTable: &versionTable)

            parentHash = entry.chainHash
            parentID = entry.id
            parentSnapshot = snapshot
        }
        headSnapshot = parentSnapshot
        checkExtraFiles(revisions)
        return problems
    }

    /// Position, id and file names must follow from the revision's place in the chain.
    mutating func checkPlacement(_ entry: ChainEntry, position: Int) {
        if entry.position != position {
            add(
                .misplacedRevision, entry, ChainFile.fileName, "the position does not match its place in the chain",
                expected: String(position), found: String(entry.position))
        }
        if RevisionID.position(of: entry.id) != position {
            add(
                .misplacedRevision, entry, ChainFile.fileName,
                "the id does not start with the zero-padded position of its place in the chain",
                expected: RevisionID.paddedPosition(position) + "_<slug>",
                found: entry.id)
        }
        let names = ChainEntry.fileNames(for: entry.id)
        for (record, name) in [(entry.up, names.up), (entry.down, names.down), (entry.snapshot, names.snapshot)]
        where record.file != name {
            add(.misplacedRevision, entry, ChainFile.fileName, "a file name does not follow the id", expected: name, found: record.file)
        }
    }

    /// Existence, checksum and statements of a script, read in one streaming pass (a data
    /// revision may be far larger than memory); returns its summary when it could be read.
    mutating func checkScript(_ record: FileRecord, of entry: ChainEntry) -> ScriptSummary? {
        let summary: ScriptSummary
        do {
            summary = try ScriptSummary.scan(bundle.directory.appendingPathComponent(record.file), name: record.file)
        } catch {
            addUnreadable(error, record, entry)
            return nil
        }
        checkChecksum(summary.checksum, record, entry)
        if let splitError = summary.splitError {
            add(
                .invalidScript, entry, record.file, "apply could not split the script into statements: \(splitError.message)",
                line: splitError.line, column: splitError.column)
        }
        if let transactionControl = summary.transactionControl {
            add(
                .invalidScript, entry, record.file, transactionControl.message, line: transactionControl.line,
                column: transactionControl.column)
        }
        return summary
    }

    /// Existence and checksum of a script, streamed, without splitting it (`.integrity`).
    mutating func checkScriptChecksum(_ record: FileRecord, of entry: ChainEntry) {
        do {
            checkChecksum(try Checksum.sha256(ofFileAt: bundle.directory.appendingPathComponent(record.file), name: record.file), record, entry)
        } catch {
            addUnreadable(error, record, entry)
        }
    }

    /// Existence and checksum of a file read whole (snapshots are small); true when it could be read.
    mutating func checkFile(_ record: FileRecord, of entry: ChainEntry) -> Bool {
        do {
            checkChecksum(Checksum.sha256(of: try bundle.contents(of: record.file)), record, entry)
            return true
        } catch {
            addUnreadable(error, record, entry)
            return false
        }
    }

    mutating func checkChecksum(_ actual: String, _ record: FileRecord, _ entry: ChainEntry) {
        if actual != record.sha256 {
            add(
                .checksumMismatch, entry, record.file,
                "the file changed since it was recorded (run `strata rehash` only if the edit is deliberate and unreleased)",
                expected: record.sha256, found: actual)
        }
    }

    mutating func addUnreadable(_ error: BundleError, _ record: FileRecord, _ entry: ChainEntry) {
        if case .missingFile = error {
            add(.missingFile, entry, record.file, "the file is listed in \(ChainFile.fileName) but missing")
        } else {
            add(.missingFile, entry, record.file, error.description)
        }
    }

    /// Decoding and consistency of the snapshot; returns it when it decodes.
    mutating func checkSnapshot(
        _ entry: ChainEntry, upScript: ScriptSummary?, parentSnapshot: Schema?, versionTable: inout String?
    ) -> Schema? {
        guard checkFile(entry.snapshot, of: entry) else { return nil }
        let snapshot: Schema
        do {
            snapshot = try bundle.snapshot(of: entry)
        } catch {
            add(.unreadableSnapshot, entry, entry.snapshot.file, "the snapshot does not decode as a schema: \(error)")
            return nil
        }
        if snapshot.name != bundle.chain.schema {
            add(
                .inconsistentSnapshot, entry, entry.snapshot.file, "the snapshot is of another schema",
                expected: bundle.chain.schema, found: snapshot.name)
        }
        if let versionTable, snapshot.versionTable != versionTable {
            add(
                .inconsistentSnapshot, entry, entry.snapshot.file,
                "the version table differs from the earlier revisions'", expected: versionTable,
                found: snapshot.versionTable)
        }
        if versionTable == nil { versionTable = snapshot.versionTable }
        if let upScript, upScript.statementCount == 0, upScript.splitError == nil {
            let parent = parentSnapshot ?? Schema.base(name: bundle.chain.schema, versionTable: snapshot.versionTable)
            if snapshot != parent {
                add(
                    .inconsistentSnapshot, entry, entry.snapshot.file,
                    "the up script holds no statement, so the snapshot must equal the parent's, but it differs",
                    expected: entry.parent.map { "the snapshot of \($0)" } ?? "the base schema",
                    found: "a different schema")
            }
        }
        return snapshot
    }

    /// `.sql` files beside the chain and `.json` files in `snapshots/` that no revision lists. The
    /// files of an append interrupted before its chain was written are not counted: its pending
    /// list names them (`BundleTransaction`), and the next append removes them.
    mutating func checkExtraFiles(_ revisions: [ChainEntry]) {
        let listed = Set(revisions.flatMap { [$0.up.file, $0.down.file, $0.snapshot.file] })
            .union(BundleTransaction.pendingFiles(in: bundle.directory))
        let top = FileAccess.fileNames(in: bundle.directory).filter {
            ($0.hasSuffix(".sql") || $0.hasSuffix(".json")) && $0 != ChainFile.fileName
        }
        let snapshots = FileAccess.fileNames(
            in: bundle.directory.appendingPathComponent(MigrationBundle.snapshotsDirectory)
        ).filter { $0.hasSuffix(".json") }.map { MigrationBundle.snapshotsDirectory + "/" + $0 }
        for file in (top + snapshots).sorted() where !listed.contains(file) {
            problems.append(
                BundleProblem(
                    .extraFile, revision: nil, file: file,
                    message: "the file is not listed in \(ChainFile.fileName) (a revision removed from the chain, or one not compiled by strata)"))
        }
    }

    mutating func add(
        _ kind: BundleProblem.Kind, _ entry: ChainEntry, _ file: String, _ message: String, expected: String? = nil,
        found: String? = nil, line: Int? = nil, column: Int? = nil
    ) {
        problems.append(
            BundleProblem(
                kind, revision: entry.id, file: file, message: message, expected: expected, found: found, line: line,
                column: column))
    }
}
