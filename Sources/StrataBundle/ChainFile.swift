public import StrataCore

/// `out/chain.json`: every revision in order with the checksums of its files and a chain hash
/// that covers its parent's chain hash, so editing, dropping, inserting or reordering any
/// revision breaks every later hash.
public struct ChainFile: Codable, Hashable, Sendable {
    public static let fileName = "chain.json"

    /// Bumped only when the layout changes incompatibly.
    public var format: Int
    /// The managed schema this chain migrates.
    public var schema: String
    public var revisions: [ChainEntry]

    public init(format: Int = 1, schema: String, revisions: [ChainEntry] = []) {
        self.format = format
        self.schema = schema
        self.revisions = revisions
    }
}

/// One revision of the chain.
public struct ChainEntry: Codable, Hashable, Sendable {
    /// `NNNN_slug`.
    public var id: String
    /// 1-based position in the chain.
    public var position: Int
    /// nil for the first revision (its parent is `base`).
    public var parent: String?
    public var message: String
    public var up: FileRecord
    public var down: FileRecord
    public var snapshot: FileRecord
    /// False when some statement must run outside a transaction (`CREATE INDEX CONCURRENTLY`).
    public var transactional: Bool
    public var hazards: [String]
    /// `sha256:` + hex of the length-prefixed fields (see `ChainHash`).
    public var chainHash: String
    /// What the up script needs of the server (SPEC §3.2). Absent from revisions compiled before
    /// requirements were recorded and from hand-written ones (`RevisionRequirements` derives or
    /// reads theirs); the chain hash covers it only when present.
    public var requires: VersionRequirements?

    public init(
        id: String, position: Int, parent: String?, message: String, up: FileRecord, down: FileRecord,
        snapshot: FileRecord, transactional: Bool, hazards: [String], chainHash: String,
        requires: VersionRequirements? = nil
    ) {
        self.requires = requires
        self.id = id
        self.position = position
        self.parent = parent
        self.message = message
        self.up = up
        self.down = down
        self.snapshot = snapshot
        self.transactional = transactional
        self.hazards = hazards
        self.chainHash = chainHash
    }
}

/// A file of the bundle, relative to `out/`, with its checksum (`sha256:` + 64 hex digits).
public struct FileRecord: Codable, Hashable, Sendable {
    public var file: String
    public var sha256: String

    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }
}
