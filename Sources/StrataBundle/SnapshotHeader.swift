public import StrataCore

/// The fields of a snapshot that `apply` reads before it runs anything: the schema's name, its
/// version table and its extensions. Decoding only these skips building every table, column and
/// index of the snapshot (a 1,000-table schema's snapshot is 4 MB of JSON); `verifyBundle` has
/// already decoded the whole snapshot once.
public struct SnapshotHeader: Decodable, Hashable, Sendable {
    public var name: String
    public var versionTable: String
    public var extensions: [Extension]
}

extension MigrationBundle {
    /// The header of the declared schema after `entry`.
    public func snapshotHeader(of entry: ChainEntry) throws(BundleError) -> SnapshotHeader {
        try DeterministicJSON.decode(
            SnapshotHeader.self, from: contents(of: entry.snapshot.file), file: entry.snapshot.file)
    }

    /// The header of the head's snapshot, or nil for an empty chain.
    public func headSnapshotHeader() throws(BundleError) -> SnapshotHeader? {
        guard let head else { return nil }
        return try snapshotHeader(of: head)
    }
}
