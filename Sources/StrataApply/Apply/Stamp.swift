import Foundation
public import StrataBundle

/// `strata stamp OUT_DIR REV`: record REV and its ancestors as applied without running them, to
/// adopt a database whose schema was built some other way. Refuses, unless forced, when drift shows
/// the live schema does not match REV's snapshot.
public struct Stamper {
    public var context: BundleContext
    public var reference: String
    public var force: Bool
    public var lockWait: Double

    public init(context: BundleContext, reference: String, force: Bool, lockWait: Double = ApplyRequest.defaultLockWait) {
        self.context = context
        self.reference = reference
        self.force = force
        self.lockWait = lockWait
    }

    /// What `stamp` did.
    public struct Outcome: Sendable {
        /// The revisions recorded, oldest first (empty when the database was already at REV).
        public var recorded: [ChainEntry]
        /// Differences that `--force` overrode.
        public var overriddenDrift: [String]
        /// Recorded revisions that change no declared schema (their snapshot is their parent's):
        /// hand-written SQL (backfills, seed rows) that drift cannot vouch for and stamp did not run.
        public var handWritten: [ChainEntry] = []
    }

    /// Thrown when the live schema does not match REV's snapshot and `--force` was not given.
    public struct DriftRefusal: Error, Sendable {
        public var revision: String
        public var lines: [String]
    }

    public func run(on connection: borrowing Connection) throws(ApplyFailure) -> Result<Outcome, DriftRefusal> {
        let entry: ChainEntry
        if reference == "head", let head = context.chain.last {
            entry = head
        } else {
            do { entry = try resolveRevisionID(reference, in: context.chain) } catch {
                throw ApplyFailure(.badInput, error.description)
            }
        }
        let lock = AdvisoryLock(schema: context.schema)
        _ = try lock.acquire(on: connection, wait: lockWait)
        defer { lock.release(on: connection) }

        let (applied, position) = try context.appliedState(on: connection)
        if let last = applied.last, !last.complete, position < entry.position {
            // Stamping past it would bury the unfinished suffix under newer rows: apply resumes
            // only the latest revision.
            throw ApplyFailure(
                .badInput,
                "\(last.revision) is recorded as incomplete (the online steps after its transaction did "
                    + "not finish); run `strata apply` to finish it before stamping later revisions")
        }
        if position > entry.position {
            throw ApplyFailure(
                .badInput,
                "the database is already at \(context.revisionID(at: position) ?? "base"), after \(entry.id); "
                    + "stamp only records revisions forward (use apply --to \(entry.id) to go back)")
        }
        if position == entry.position { return .success(Outcome(recorded: [], overriddenDrift: [])) }

        let drift = try DriftReport.check(context, position: entry.position, on: connection)
        if drift.hasDrift && !force { return .failure(DriftRefusal(revision: entry.id, lines: drift.lines)) }

        let entries = Array(context.chain[position..<entry.position])
        let rows = context.versionRows
        do {
            try rows.ensureSchemaAndTable(on: connection)
            _ = try connection.execute("BEGIN")
            for stamped in entries { _ = try connection.execute(rows.stampSQL(for: stamped)) }
            _ = try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw .connection(error, while: "could not record the revisions in \(rows.qualifiedName)")
        }
        let handWritten = entries.filter { entry in
            entry.position > 1 && context.chain[entry.position - 2].snapshot.sha256 == entry.snapshot.sha256
        }
        return .success(
            Outcome(recorded: entries, overriddenDrift: drift.hasDrift ? drift.lines : [], handWritten: handWritten))
    }
}
