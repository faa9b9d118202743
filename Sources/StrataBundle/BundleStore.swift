public import Foundation
public import StrataCore

/// Writes the bundle: appends compiled revisions and re-records checksums after a hand edit.
///
/// An append is all or nothing (`BundleTransaction`): the new scripts, snapshot and chain are
/// written under temporary names and flushed, then renamed into place with `chain.json` last; a
/// failure removes what was written, and a crash leaves the old bundle or the new one. A rehash
/// rewrites only `chain.json`, atomically and only when its contents change.
public struct BundleStore: Sendable {
    /// The `out/` directory.
    public var directory: URL
    /// The disk, or a stand-in that fails on purpose (tests).
    public var fileSystem: BundleFileSystem

    public init(directory: URL, fileSystem: BundleFileSystem = .posix) {
        self.directory = directory
        self.fileSystem = fileSystem
    }

    /// What `append` did.
    public struct AppendResult: Hashable, Sendable {
        /// The new head of the chain.
        public var entry: ChainEntry
        /// Files written, relative to `out/`, in the order written (chain file last).
        public var writtenFiles: [String]
    }

    /// Appends `revision` as the new head: its up and down scripts, its snapshot, then the
    /// chain entry with checksums and chain hash. The revision must be the head's child and
    /// carry the id of the next position.
    ///
    /// `staged` is the snapshot `stageSnapshot` wrote ahead; it is put in place when it is this
    /// revision's, else discarded and the snapshot written anew.
    @discardableResult
    public func append(_ revision: CompiledRevision, staged: StagedSnapshot? = nil) throws(BundleError) -> AppendResult {
        var snapshot = revision.snapshot
        snapshot.normalizeOrder()
        // A commit interrupted earlier left files its chain does not list: they go first.
        if FileAccess.isDirectory(directory) {
            let chain = FileAccess.exists(directory.appendingPathComponent(ChainFile.fileName))
                ? try? MigrationBundle.load(at: directory).chain : nil
            BundleTransaction.recover(in: directory, chain: chain, fileSystem: fileSystem)
        }
        let existing = try MigrationBundle.loadIfPresent(at: directory)
        var chain = existing?.chain ?? ChainFile(schema: snapshot.name)
        guard chain.schema == snapshot.name else {
            throw .schemaMismatch(revision: revision.id, chain: chain.schema, found: snapshot.name)
        }
        let head = chain.revisions.last
        guard revision.parentID == head?.id else {
            throw .notHeadChild(revision: revision.id, expectedParent: head?.id, found: revision.parentID)
        }
        let position = chain.revisions.count + 1
        guard RevisionID.position(of: revision.id) == position else {
            throw .badRevisionID(revision.id, expectedPosition: position)
        }

        let names = ChainEntry.fileNames(for: revision.id)
        let snapshotURL = directory.appendingPathComponent(names.snapshot)
        // A new snapshot (the normal case) is written straight to its file while it is hashed,
        // never held whole; only a leftover file needs the bytes in memory to compare.
        let snapshotJSON = FileAccess.exists(snapshotURL) ? SnapshotJSON.encode(snapshot) : nil
        var files: [(name: String, bytes: [UInt8])] = [
            (names.up, Array(revision.upSQL.utf8)),
            (names.down, Array(revision.downSQL.utf8)),
        ]
        if let snapshotJSON { files.append((names.snapshot, snapshotJSON.bytes)) }
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            // A leftover identical file (an interrupted earlier append) may be reused; anything else is not ours.
            if FileAccess.exists(url), let bytes = try? FileAccess.read(url, name: file.name), bytes != file.bytes {
                throw .fileExists(file.name)
            }
        }

        var transaction: BundleTransaction
        var snapshotChecksum: String? = nil
        if let staged, snapshotJSON == nil, staged.name == names.snapshot, staged.schema == snapshot,
            staged.transaction.directory == directory
        {
            transaction = staged.transaction
            snapshotChecksum = staged.checksum
        } else {
            staged?.discard()
            transaction = try BundleTransaction(directory: directory, fileSystem: fileSystem)
        }
        do {
            for file in files { try transaction.write(file.name, bytes: file.bytes) }
            if let snapshotJSON {
                snapshotChecksum = snapshotJSON.checksum
            } else if snapshotChecksum == nil {
                snapshotChecksum = try SnapshotJSON.write(snapshot, into: &transaction, name: names.snapshot)
            }
            var entry = ChainEntry(
                id: revision.id, position: position, parent: head?.id, message: revision.message,
                up: FileRecord(file: names.up, sha256: Checksum.sha256(of: files[0].bytes)),
                down: FileRecord(file: names.down, sha256: Checksum.sha256(of: files[1].bytes)),
                snapshot: FileRecord(file: names.snapshot, sha256: snapshotChecksum!),
                transactional: revision.isTransactional, hazards: revision.hazards, chainHash: "",
                requires: revision.requirements)
            entry.chainHash = ChainHash.compute(for: entry, parentHash: head?.chainHash)
            chain.revisions.append(entry)
            chain.format = ChainFile.format(for: chain.revisions)
            try transaction.write(ChainFile.fileName, bytes: DeterministicJSON.encode(chain))
            try transaction.commit()
            return AppendResult(entry: entry, writtenFiles: [names.up, names.down, names.snapshot, ChainFile.fileName])
        } catch {
            transaction.rollback()
            throw error
        }
    }

    /// Writes the snapshot the revision `revisionID` will have if it declares `schema`, under a
    /// temporary name (`BundleTransaction`), so `compile` can write it while the diff runs.
    /// Returns nil when it cannot be staged (a file of that name is left from an interrupted
    /// append, or writing failed): `append` then writes the snapshot itself and reports what is
    /// wrong.
    public func stageSnapshot(of schema: Schema, revisionID: String) -> StagedSnapshot? {
        var snapshot = schema
        snapshot.normalizeOrder()
        let name = ChainEntry.fileNames(for: revisionID).snapshot
        guard !FileAccess.exists(directory.appendingPathComponent(name)),
            var transaction = try? BundleTransaction(directory: directory, fileSystem: fileSystem)
        else { return nil }
        do {
            let checksum = try SnapshotJSON.write(snapshot, into: &transaction, name: name)
            return StagedSnapshot(schema: snapshot, name: name, transaction: transaction, checksum: checksum)
        } catch {
            transaction.rollback()
            return nil
        }
    }

    /// One value `rehash` re-recorded.
    public struct RehashChange: Hashable, Sendable, CustomStringConvertible {
        public enum Field: Hashable, Sendable {
            /// The checksum of this file (relative to `out/`).
            case checksum(file: String)
            /// Whether the revision runs in a transaction, read from the scripts' markers.
            case transactional
            /// The revision's chain hash (changes when anything it covers changed).
            case chainHash
        }

        public var revision: String
        public var field: Field
        public var old: String
        public var new: String

        public var description: String {
            switch field {
            case .checksum(let file): "\(file): checksum \(old) -> \(new)"
            case .transactional: "\(revision): transactional \(old) -> \(new)"
            case .chainHash: "\(revision): chain hash \(old) -> \(new)"
            }
        }
    }

    /// What `rehash` would re-record, computed without writing: the changes, the chain that would
    /// be written, and what verification would still find wrong with it (a script `apply` would
    /// refuse, a misplaced revision, an inconsistent snapshot), which rehash cannot fix.
    public struct RehashPlan: Sendable {
        public var changes: [RehashChange]
        public var chain: ChainFile
        public var problems: [BundleProblem]

        /// The revisions whose recorded values change, in chain order.
        public var changedRevisions: [String] {
            var seen: [String] = []
            for change in changes where !seen.contains(change.revision) { seen.append(change.revision) }
            return seen
        }
    }

    /// Computes a rehash without writing anything (see `rehash()`).
    public func planRehash() throws(BundleError) -> RehashPlan {
        let bundle = try MigrationBundle.load(at: directory)
        var chain = bundle.chain
        var changes: [RehashChange] = []
        var parentHash: String? = nil
        for index in chain.revisions.indices {
            var entry = chain.revisions[index]
            var transactional = true
            for keyPath in [\ChainEntry.up, \ChainEntry.down, \ChainEntry.snapshot] {
                let record = entry[keyPath: keyPath]
                let sha: String
                if keyPath == \ChainEntry.snapshot {
                    sha = Checksum.sha256(of: try bundle.contents(of: record.file))
                } else {
                    // Scripts are streamed: a data revision may be far larger than memory.
                    let script = try ScriptSummary.scan(directory.appendingPathComponent(record.file), name: record.file)
                    if script.hasNonTransactionalStatement { transactional = false }
                    sha = script.checksum
                }
                if sha != record.sha256 {
                    changes.append(RehashChange(revision: entry.id, field: .checksum(file: record.file), old: record.sha256, new: sha))
                    entry[keyPath: keyPath].sha256 = sha
                }
            }
            if transactional != entry.transactional {
                changes.append(
                    RehashChange(
                        revision: entry.id, field: .transactional, old: String(entry.transactional),
                        new: String(transactional)))
                entry.transactional = transactional
            }
            let hash = ChainHash.compute(for: entry, parentHash: parentHash)
            if hash != entry.chainHash {
                changes.append(RehashChange(revision: entry.id, field: .chainHash, old: entry.chainHash, new: hash))
                entry.chainHash = hash
            }
            parentHash = hash
            chain.revisions[index] = entry
        }
        var verifier = BundleVerifier(bundle: MigrationBundle(directory: directory, chain: chain))
        return RehashPlan(changes: changes, chain: chain, problems: verifier.run())
    }

    /// After a deliberate hand edit: re-reads every file the chain lists, records its checksum,
    /// re-derives the transactional flag from the scripts' no-transaction markers, and recomputes
    /// every chain hash from the first revision on. Validates first: when the result would still
    /// fail verification, writes nothing and returns the problems. Otherwise writes `chain.json`
    /// only if something changed.
    @discardableResult
    public func rehash() throws(BundleError) -> RehashPlan {
        let plan = try planRehash()
        if plan.problems.isEmpty { try writeChain(plan.chain) }
        return plan
    }

    /// Writes a planned rehash (after the caller has checked `problems` and the changed revisions).
    public func write(_ plan: RehashPlan) throws(BundleError) {
        try writeChain(plan.chain)
    }

    /// Writes `chain.json` if its bytes change; true when it wrote.
    @discardableResult
    func writeChain(_ chain: ChainFile) throws(BundleError) -> Bool {
        try FileAccess.writeIfChanged(
            DeterministicJSON.encode(chain), to: directory.appendingPathComponent(ChainFile.fileName),
            name: ChainFile.fileName, fileSystem: fileSystem)
    }
}

/// A snapshot written ahead of its revision (`BundleStore.stageSnapshot`): `append` puts it in
/// place, and whoever staged it discards it when no revision is written.
public struct StagedSnapshot: Sendable {
    /// What it was written from, so `append` can tell it is the revision's.
    let schema: Schema
    /// Relative to `out/`.
    let name: String
    /// The transaction holding it, which `append` continues.
    let transaction: BundleTransaction
    let checksum: String

    /// Removes the staged file and the directories staging created. Once `append` has put it in
    /// place this finds nothing to remove: the temporary names are gone and the directories hold
    /// the bundle (`rmdir` removes only empty ones).
    public func discard() {
        var transaction = transaction
        transaction.rollback()
    }
}
