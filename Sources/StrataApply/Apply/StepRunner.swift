import Foundation
import StrataBundle
import StrataCore

/// Runs the steps of a plan: the transaction segmentation, pipelined batches and bookkeeping
/// rows. Everything goes out through `sink`: the server (`LiveSink`), or for `--dry-run` the same
/// sequence printed (`DryRunSink`); `Applier` picks one, and nothing here asks which.
///
/// The move and the lock check are here; one step, phase by phase, in `StepRunner+Step`; how
/// statements go out and their failures come back in `+Statements`, `+Copy` and `+Failure`; the
/// version row in `+VersionRow`; resuming an incomplete revision in `+Resume`; the session in `+Session`.
struct StepRunner {
    let context: BundleContext
    let request: ApplyRequest
    let observer: any ApplyObserver
    var sink: any StatementSink
    /// True while this runner has an open `BEGIN`.
    var inTransaction = false
    /// Where the database stays if the current step fails (nil = base).
    var fallback: String?
    /// COPY data bytes read so far for the COPY in progress (progress, and `--dry-run`'s summary).
    var copyBytes = 0
    /// The statement number of the COPY in progress.
    var copyNumber = 0
    /// The part of the script the current statement belongs to, for failure messages.
    var phase = ScriptShape.Phase.prefix
    /// True once a prefix statement of the current step has run (committed on its own).
    var prefixRan = false
    /// A full batch sent but not yet answered: the server runs it while the next one is split.
    /// Its results are read (`settle`) before anything else goes out on the connection.
    var unsettled: UnsettledBatch?

    /// Flushes a batch before it grows past this many bytes of SQL, so memory stays bounded for a
    /// data revision of many large INSERTs.
    static let maxBatchBytes = 1 << 20
    /// Scripts up to this size are counted first for "statement i of n"; beyond it the extra pass
    /// would cost seconds, and progress shows how far into the file the run is instead.
    static let maxCountedScriptBytes = 16 << 20

    init(context: BundleContext, request: ApplyRequest, observer: any ApplyObserver, sink: any StatementSink) {
        self.context = context
        self.request = request
        self.observer = observer
        self.sink = sink
    }

    // MARK: - The move

    mutating func run(
        _ plan: ApplyPlan, shapes: [ScriptShape], on connection: borrowing Connection,
        lock: AdvisoryLock, key: Int64, heldOn lockConnection: borrowing Connection
    ) throws(ApplyFailure) {
        if request.singleTransaction {
            fallback = context.revisionID(at: plan.currentPosition)
            try begin(on: connection)
        }
        do {
            for (index, step) in plan.steps.enumerated() {
                try checkLock(lock, key: key, heldOn: lockConnection, before: step, on: connection)
                try runStep(step, shape: shapes[index], number: index + 1, of: plan.steps.count, on: connection)
            }
            if request.singleTransaction { try commit(on: connection) }
        } catch {
            rollback(on: connection)
            throw error
        }
    }

    /// Stops before `step` unless the lock session still holds the lock (it ends if that session is
    /// terminated), then says where the database really is, read again from the version table:
    /// another apply may have run meanwhile.
    private mutating func checkLock(
        _ lock: AdvisoryLock, key: Int64, heldOn lockConnection: borrowing Connection, before step: ApplyStep,
        on connection: borrowing Connection
    ) throws(ApplyFailure) {
        var cause = "its session no longer holds it"
        let lost = sink.finds(on: lockConnection) { (lockConnection: borrowing Connection) -> Bool in
            do { return try !lock.isHeld(key: key, on: lockConnection) } catch {
                cause = "its session ended: \(error)"
                return true
            }
        }
        guard lost else { return }
        rollback(on: connection)
        let position = (try? context.appliedState(on: connection)).map { context.revisionID(at: $0.position) ?? "base" }
        let holder = (try? lock.holder(key: key, on: connection)).flatMap { $0 }
        throw ApplyFailure(
            .database,
            "the apply lock on schema \(context.schema) (advisory lock \(key)) was lost before \(step.revision.id): "
                + "\(cause). Stopped so that two applies never run at once"
                + (holder.map { "; it is now held by \($0)" } ?? "") + ". "
                + (position.map { "The database is at \($0) (read from \(context.versionRows.qualifiedName) just now)." }
                    ?? "Where the database is could not be read; run `strata status`.")
                + (request.singleTransaction ? " The single transaction was rolled back." : ""))
    }

    // MARK: - Transactions

    mutating func begin(on connection: borrowing Connection) throws(ApplyFailure) {
        try send("BEGIN", on: connection)
        inTransaction = true
    }

    mutating func commit(on connection: borrowing Connection) throws(ApplyFailure) {
        try send("COMMIT", on: connection)
        inTransaction = false
    }

    private func send(_ sql: String, on connection: borrowing Connection) throws(ApplyFailure) {
        do { try sink.execute(sql, on: connection) } catch {
            throw ApplyFailure(
                .database,
                "\(sql) failed: \(error)\nThe database is still at \(fallback ?? "base") (the server rolls back "
                    + "an unfinished transaction).")
        }
    }

    /// Rolls back an open transaction, abandoning a batch in flight or a COPY first; after a lost
    /// connection the server has already rolled back.
    mutating func rollback(on connection: borrowing Connection) {
        unsettled = nil
        sink.rollback(transactionOpen: inTransaction, on: connection)
        inTransaction = false
    }

    // MARK: - Notices

    /// Passes the server's notices on, except `schema "<managed>" already exists, skipping` from the
    /// first revision's `CREATE SCHEMA IF NOT EXISTS`: apply created the schema itself a moment
    /// earlier to hold the version table, so that notice says nothing.
    /// Each notice carries the line of the statement that raised it (in a pipelined batch, the
    /// statement whose results were being read), like psql's `file:line: NOTICE:`.
    func forwardNotices(on connection: borrowing Connection, step: ApplyStep, statements: [ScriptStatement]) {
        let ownSchema = "schema \"\(context.schema)\" already exists, skipping"
        let file = context.shownPath(of: step.script.file)
        for notice in sink.drainNotices(on: connection)
        where !(notice.sqlState == "42P06" && notice.message == ownSchema) {
            let statement = statements.isEmpty ? nil : statements[min(notice.statementIndex ?? 0, statements.count - 1)]
            observer.notice(notice, file: file, line: statement?.startLine)
        }
    }
}
