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
    /// The session holding the apply lock: checked before each step and statement run alone, and
    /// inside each transaction before it commits (`guardCommit`).
    let lockSession: LockSession
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

    init(
        context: BundleContext, request: ApplyRequest, observer: any ApplyObserver, sink: any StatementSink,
        lockSession: LockSession
    ) {
        self.context = context
        self.request = request
        self.observer = observer
        self.sink = sink
        self.lockSession = lockSession
    }

    // MARK: - The move

    mutating func run(_ plan: ApplyPlan, shapes: [ScriptShape], on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        if request.singleTransaction {
            fallback = context.revisionID(at: plan.currentPosition)
            try begin(on: connection)
        }
        do {
            for (index, step) in plan.steps.enumerated() {
                try checkLock(before: "before \(step.revision.id)", on: connection)
                try runStep(step, shape: shapes[index], number: index + 1, of: plan.steps.count, on: connection)
            }
            if request.singleTransaction {
                try guardCommit(of: "the single transaction", on: connection)
                try commit(on: connection)
            }
        } catch {
            rollback(on: connection)
            throw error
        }
    }

    /// Stops unless the lock session still holds the lock (the heartbeat may have found it lost).
    /// `moment` says when, for the message: "before 0003".
    mutating func checkLock(before moment: String, on connection: borrowing Connection) throws(ApplyFailure) {
        guard sink.finds(on: connection, { (_: borrowing Connection) -> Bool in lockSession.checkHeld() != nil })
        else { return }
        rollback(on: connection)
        throw lockLost(moment)
    }

    /// Inside the open transaction, just before it commits: fails unless this run still holds the
    /// apply lock (`LockSession.commitGuardSQL`), so a run that lost it commits nothing more.
    mutating func guardCommit(of what: String, on connection: borrowing Connection) throws(ApplyFailure) {
        do { try sink.guardCommit(lockSession.commitGuardSQL, on: connection) } catch {
            rollback(on: connection)
            if lockSession.lost == nil && error.sqlState != LockSession.lockLostState {
                throw ApplyFailure(
                    .database,
                    "could not check the apply lock before committing \(what): \(error)\nIt was rolled back; the "
                        + "database is \(databaseIs(fallback)).")
            }
            _ = lockSession.checkHeld()
            throw lockLost("before \(what) committed (it was rolled back)")
        }
    }

    /// The lock is gone: stop, saying why (the server's reason when its session ended) and where
    /// the database is, read from the version table now (another apply may have run meanwhile).
    func lockLost(_ moment: String) -> ApplyFailure {
        let cause = lockSession.lost ?? "its session no longer holds it"
        let holder = lockSession.currentHolder()
        return ApplyFailure(
            .database,
            "the apply lock on schema \(context.schema) (advisory lock \(lockSession.lock.key)) was lost \(moment): "
                + "\(cause). Stopped so that two applies never run at once; this run commits nothing more"
                + (holder.map { "; the lock is now held by \($0)" } ?? "") + ". The database is "
                + databaseIs(fallback) + (request.singleTransaction ? "; the single transaction was rolled back." : "."))
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
                "\(sql) failed: \(error)\nThe database is \(databaseIs(fallback)) (the server rolls back "
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
