/// A schema file handed to the pipeline by the CLI, which does all disk I/O.
public struct SourceFile: Hashable, Sendable {
    /// The path shown in diagnostics.
    public var path: String
    /// Raw bytes: the loader itself checks they are UTF-8 and YAML.
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// What `compile`, `check` and `diff` ask of the core.
public struct CompileRequest: Sendable {
    /// Every `*.yaml`/`*.yml` under SCHEMA_DIR, in sorted path order.
    public var files: [SourceFile]
    /// The head revision of the chain and its snapshot; nil when the chain is empty (base).
    public var parent: ParentRevision?
    /// The id the new revision will get (`NNNN_slug`), for its script headers.
    public var revisionID: String
    public var message: String
    public var allowDestructive: Bool
    /// `compile --empty`: a revision with no schema change, for hand-written SQL.
    public var empty: Bool

    public init(
        files: [SourceFile], parent: ParentRevision?, revisionID: String, message: String,
        allowDestructive: Bool = false, empty: Bool = false
    ) {
        self.files = files
        self.parent = parent
        self.revisionID = revisionID
        self.message = message
        self.allowDestructive = allowDestructive
        self.empty = empty
    }
}

public struct ParentRevision: Sendable {
    public var id: String
    public var snapshot: Schema

    public init(id: String, snapshot: Schema) {
        self.id = id
        self.snapshot = snapshot
    }
}

/// One new link of the chain, ready for the bundle layer to write.
public struct CompiledRevision: Sendable {
    public var id: String
    public var parentID: String?
    public var message: String
    /// Complete script texts, header included, ending in a newline.
    public var upSQL: String
    public var downSQL: String
    /// The declared schema after this revision.
    public var snapshot: Schema
    /// The changes in plain words, as listed in the header.
    public var changes: [String]
    /// One line per hazardous statement of the up script, as listed in the header.
    public var hazards: [String]
    /// False when any up or down statement must run outside a transaction.
    public var isTransactional: Bool
}

public enum CompileOutcome: Sendable {
    case revision(CompiledRevision)
    /// The YAML declares exactly the parent's snapshot.
    case noChanges
    /// Diagnostics say why; nothing may be written.
    case failed
}
