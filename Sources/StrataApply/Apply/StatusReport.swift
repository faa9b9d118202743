public import StrataBundle

/// Where a database stands against a bundle (`strata status`, `history --url`).
public struct StatusReport: Sendable {
    /// Every version row, by position.
    public var rows: [AppliedRevision]
    /// How many revisions of the chain are applied (0 = base); nil when the rows do not fit the chain.
    public var position: Int?
    /// Why the rows do not fit the chain, if they do not.
    public var mismatch: HistoryMismatch?
    public var chain: [ChainEntry]
    public var versionTable: String
    public var versionTableExists: Bool
    /// Objects in the managed schema while the version table is missing (`strata stamp` adopts them).
    public var unrecorded: UnrecordedSchema? = nil

    /// The revision the database is at (nil = base); from the rows, so it is right even on mismatch.
    public var current: String? { rows.last?.revision }
    /// Revisions of the chain not applied yet, oldest first (empty on mismatch).
    public var pending: [ChainEntry] {
        guard let position else { return [] }
        return Array(chain[position...])
    }

    /// The latest row when its revision's suffix has not finished (the next `apply` resumes it).
    public var incomplete: AppliedRevision? {
        guard let last = rows.last, !last.complete else { return nil }
        return last
    }

    /// The row of a revision, if applied.
    public func row(for id: String) -> AppliedRevision? { rows.first { $0.revision == id } }

    /// Reads the version rows and compares them with the chain. Reading only: no lock, no writes.
    public static func read(_ context: BundleContext, on connection: borrowing Connection) throws(ApplyFailure)
        -> StatusReport
    {
        let rows: [AppliedRevision]
        let exists: Bool
        let unrecorded: UnrecordedSchema?
        do {
            exists = try context.versionRows.tableExists(on: connection)
            rows = exists ? try context.versionRows.read(on: connection) : []
            unrecorded = exists ? nil : try UnrecordedSchema.find(context.versionRows, on: connection)
        } catch {
            throw .connection(error, while: "could not read \(context.versionRows.qualifiedName)")
        }
        var report = StatusReport(
            rows: rows, position: nil, mismatch: nil, chain: context.chain,
            versionTable: context.versionRows.qualifiedName, versionTableExists: exists, unrecorded: unrecorded)
        do { report.position = try checkAppliedHistory(rows, against: context.chain) } catch {
            report.mismatch = error
        }
        return report
    }
}
