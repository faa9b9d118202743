public import Foundation
public import StrataCore

/// A bundle directory (`out/`) as read from disk: its chain, and access to each revision's
/// scripts and snapshot. Named `MigrationBundle` because `Bundle` would clash with Foundation's.
///
/// Reading does not verify; call `verifyBundle(at:)` for that.
public struct MigrationBundle: Sendable {
    /// The `out/` directory.
    public var directory: URL
    public var chain: ChainFile

    public init(directory: URL, chain: ChainFile) {
        self.directory = directory
        self.chain = chain
    }

    /// The directory's name as the user gave it, for messages.
    public var displayPath: String { directory.relativePath }

    /// Reads `out/chain.json`.
    public static func load(at directory: URL) throws(BundleError) -> MigrationBundle {
        let url = directory.appendingPathComponent(ChainFile.fileName)
        guard FileAccess.exists(url) else { throw .missingChain(directory: directory.relativePath) }
        let chain = try DeterministicJSON.decode(
            ChainFile.self, from: FileAccess.read(url, name: ChainFile.fileName), file: ChainFile.fileName)
        guard ChainFile.readableFormats.contains(chain.format) else {
            throw .unsupportedFormat(file: ChainFile.fileName, found: chain.format, expected: ChainFile.currentFormat)
        }
        return MigrationBundle(directory: directory, chain: chain)
    }

    /// Like `load`, but a directory that does not exist yet, or holds no chain file and no
    /// scripts or snapshots, is a fresh bundle: nil. Scripts without a chain file are an error.
    public static func loadIfPresent(at directory: URL) throws(BundleError) -> MigrationBundle? {
        if FileAccess.exists(directory.appendingPathComponent(ChainFile.fileName)) {
            return try load(at: directory)
        }
        let allStrays =
            FileAccess.fileNames(in: directory).filter { $0.hasSuffix(".sql") || $0.hasSuffix(".json") }
            + FileAccess.fileNames(in: directory.appendingPathComponent(snapshotsDirectory)).filter {
                $0.hasSuffix(".json")
            }.map { snapshotsDirectory + "/" + $0 }
        // Files of a first append interrupted before its chain was written are not strays.
        let pending = BundleTransaction.pendingFiles(in: directory)
        let strays = allStrays.filter { !pending.contains($0) }
        guard strays.isEmpty else { throw .orphanFiles(directory: directory.relativePath, files: strays) }
        return nil
    }

    /// The sub-directory of `out/` that holds one snapshot per revision.
    public static let snapshotsDirectory = "snapshots"

    /// The last revision, nil when the chain is empty.
    public var head: ChainEntry? { chain.revisions.last }

    /// The revision a full id or unique prefix names.
    public func revision(named reference: String) throws(RevisionLookupError) -> ChainEntry {
        try RevisionID.resolve(reference, in: chain.revisions)
    }

    /// The URL of a file of the bundle given its path relative to `out/`.
    public func url(of file: String) -> URL { directory.appendingPathComponent(file) }

    /// The raw bytes of a file of the bundle, relative to `out/`.
    public func contents(of file: String) throws(BundleError) -> [UInt8] {
        try FileAccess.read(url(of: file), name: file)
    }

    /// The up script of `entry` as text.
    public func upScript(of entry: ChainEntry) throws(BundleError) -> String {
        String(decoding: try contents(of: entry.up.file), as: UTF8.self)
    }

    /// The declared schema after `entry`.
    public func snapshot(of entry: ChainEntry) throws(BundleError) -> Schema {
        try SnapshotJSON.decode(contents(of: entry.snapshot.file), file: entry.snapshot.file)
    }

    /// The schema the head of the chain records, or nil for an empty chain.
    public func headSnapshot() throws(BundleError) -> Schema? {
        guard let head else { return nil }
        return try snapshot(of: head)
    }
}

extension ChainFile {
    /// The newest `format` this strata writes.
    public static let currentFormat = 2
    /// Every `format` this strata reads: 1 is a chain none of whose revisions records version
    /// requirements, as every strata before them wrote it.
    public static let readableFormats = 1...currentFormat

    /// The format a chain of these revisions is written in: 2 once a revision records what it needs
    /// of the server (`requires`), so that a strata from before requirements refuses the bundle with
    /// its "format 2 is not supported ... use the strata that wrote it" instead of misreading it as a
    /// chain-hash mismatch (SPEC §5: never misread, name the version needed); 1 otherwise, so a
    /// bundle without such revisions stays readable by every earlier strata.
    public static func format(for revisions: [ChainEntry]) -> Int {
        revisions.contains { $0.requires != nil } ? 2 : 1
    }
}

extension ChainEntry {
    /// The file names a revision with this id has (`NNNN_slug.up.sql`, ...), relative to `out/`.
    public static func fileNames(for id: String) -> (up: String, down: String, snapshot: String) {
        (id + ".up.sql", id + ".down.sql", MigrationBundle.snapshotsDirectory + "/" + id + ".json")
    }
}
