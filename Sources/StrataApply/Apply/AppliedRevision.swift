/// One row of the version table: a revision the database says it has applied.
public struct AppliedRevision: Hashable, Sendable {
    public var revision: String
    public var position: Int
    public var parent: String?
    public var chainHash: String
    public var upSHA256: String
    public var downSHA256: String
    public var message: String
    /// As the server prints `timestamptz` (ISO 8601 with the session's offset).
    public var appliedAt: String
    public var appliedBy: String
    public var executionMS: Int64
    /// False while the up script's suffix (the concurrent index builds after its transaction) has
    /// not finished; the next `apply` resumes it.
    public var complete: Bool
    /// True when `strata stamp` recorded the revision without running its script.
    public var stamped: Bool

    public init(
        revision: String, position: Int, parent: String?, chainHash: String, upSHA256: String,
        downSHA256: String, message: String, appliedAt: String = "", appliedBy: String = "", executionMS: Int64 = 0,
        complete: Bool = true, stamped: Bool = false
    ) {
        self.revision = revision
        self.position = position
        self.parent = parent
        self.chainHash = chainHash
        self.upSHA256 = upSHA256
        self.downSHA256 = downSHA256
        self.message = message
        self.appliedAt = appliedAt
        self.appliedBy = appliedBy
        self.executionMS = executionMS
        self.complete = complete
        self.stamped = stamped
    }
}
