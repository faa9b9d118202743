import Foundation
import StrataBundle
import StrataCore

/// Runs the steps of a plan: the transaction segmentation, pipelined batches and bookkeeping
/// rows. Everything goes out through `sink`: the server (`LiveSink`), or for `--dry-run` the same
/// sequence printed (`DryRunSink`); `Applier` picks one, and nothing here asks which.
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

/// How statements go out through the sink, and how a failure comes back naming its statement:
/// pipelined batches inside the transaction, and single statements outside it.
extension StepRunner {
    /// A batch sent and not yet read back, with what a failure report needs.
    struct UnsettledBatch {
        var batch: StatementBatch
        var step: ApplyStep
    }

    /// Sends the batch inside the open transaction (live: one message, one round trip, the simple
    /// protocol), after reading the results of the one in flight. With `overlapping`, returns
    /// without waiting, so the server runs the batch while the next one is split: the next flush
    /// (every path to the version row, a COPY or the suffix flushes first) or a rollback reads
    /// its results.
    mutating func flush(
        _ batch: inout StatementBatch, step: ApplyStep, on connection: borrowing Connection, overlapping: Bool = false
    ) throws(ApplyFailure) {
        try settle(on: connection)
        guard !batch.isEmpty else { return }
        defer { batch = StatementBatch() }
        do { try sink.send(batch, on: connection) } catch {
            rollback(on: connection)
            throw failure(error, statement: batch.statements[0], step: step)
        }
        unsettled = UnsettledBatch(batch: batch, step: step)
        if !overlapping { try settle(on: connection) }
    }

    /// Reads the results of the batch in flight; a failure rolls the transaction back and names
    /// the statement.
    mutating func settle(on connection: borrowing Connection) throws(ApplyFailure) {
        guard let flight = unsettled else { return }
        unsettled = nil
        let statements = flight.batch.statements
        do {
            try sink.finishBatch(on: connection)
            forwardNotices(on: connection, step: flight.step, statements: statements)
        } catch {
            forwardNotices(on: connection, step: flight.step, statements: statements)
            let failed = statements[min(error.statementIndex ?? 0, statements.count - 1)]
            rollback(on: connection)
            throw failure(error, statement: failed, step: flight.step)
        }
    }

    /// Runs a prefix or suffix statement on its own, outside any transaction; a concurrent index
    /// build first loses the INVALID index a failed earlier build left (`StatementSink.runAlone`).
    func runAlone(_ statement: ScriptStatement, step: ApplyStep, on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        do {
            try sink.runAlone(statement, rebuilding: ConcurrentIndexBuild(statement: statement.text), on: connection)
            forwardNotices(on: connection, step: step, statements: [statement])
        } catch {
            forwardNotices(on: connection, step: step, statements: [statement])
            throw failure(error, statement: statement, step: step)
        }
    }
}

/// The version row each step writes: in the step's transaction, so the row and the change commit
/// together; marked complete on its own once a suffix has run.
extension StepRunner {
    /// Inserts (up) or deletes (down) the version row in the step's transaction, opening one if
    /// the step had no transactional statement; returns the step's execution time so far (0 when
    /// nothing ran).
    mutating func writeVersionRow(
        _ step: ApplyStep, startedAt started: Date, complete: Bool, on connection: borrowing Connection
    ) throws(ApplyFailure) -> Int64 {
        if !inTransaction { try begin(on: connection) }
        let milliseconds = sink.elapsedMS(since: started) ?? 0
        let rows = context.versionRows
        let sql = step.direction == .up
            ? rows.insertSQL(for: step.revision, executionMS: milliseconds, complete: complete)
            : rows.deleteSQL(for: step.revision)
        if step.direction == .up { sink.comment("-- execution_ms is measured when it runs") }
        let affectedRows: Int?
        do { affectedRows = try sink.execute(sql, on: connection) } catch {
            throw ApplyFailure(
                .database,
                "could not record \(step.revision.id) in \(rows.qualifiedName): \(error)\n"
                    + "The step was rolled back; the database is still at \(fallback ?? "base").")
        }
        if step.direction == .down, let affectedRows, affectedRows != 1 {
            throw ApplyFailure(
                .database,
                "the version row of \(step.revision.id) was not found while undoing it (another tool changed "
                    + "\(rows.qualifiedName)?); the step was rolled back")
        }
        return milliseconds
    }

    /// `UPDATE ... SET complete = true` for `revision`, on its own (autocommit), adding the
    /// suffix's `milliseconds` to execution_ms when they were measured.
    func markComplete(
        _ revision: ChainEntry, addingMS milliseconds: Int64?, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        let sql = context.versionRows.markCompleteSQL(for: revision, addingExecutionMS: milliseconds)
        do { try sink.execute(sql, on: connection) } catch {
            throw ApplyFailure(
                .database,
                "could not mark \(revision.id) complete in \(context.versionRows.qualifiedName): \(error)\n"
                    + "Its suffix has run; the next apply runs it again (each statement is safe to repeat) and marks it.")
        }
    }
}

/// Finishing a revision whose version row says incomplete, and knowing which suffix statements
/// an earlier run already got past.
extension StepRunner {
    /// Finishes a revision whose version row says incomplete: a previous run committed its body
    /// and row, then failed (or was stopped) in its suffix. Runs the suffix statements again, each
    /// alone (an INVALID index a failed build left is dropped first), then marks the row complete.
    mutating func resume(_ revision: ChainEntry, shape: ScriptShape, on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        let step = ApplyStep(revision: revision, direction: .up)
        let file = step.script.file
        fallback = revision.id
        phase = .suffix
        sink.comment("")
        sink.comment(
            "-- resume \(revision.id): recorded as incomplete; its suffix (\(shape.suffixCount) statement"
                + "\(shape.suffixCount == 1 ? "" : "s") of \(file) run alone after its transaction) runs again")
        sink.cleanedUp(
            "resuming \(revision.id): it is recorded as incomplete (the statements that run alone after its "
                + "transaction did not finish in an earlier run); running them again first")
        let started = Date()
        let suffix = try suffixStatements(of: step, shape: shape)
        let finished = try finishedReplacements(in: suffix, step: step, on: connection)
        for (position, entry) in suffix.enumerated() where !finished.contains(position) {
            let statement = entry.statement
            if let guarded = SuffixGuard(statement: statement.text),
                try alreadyRan(guarded, later: suffix[(position + 1)...].map(\.statement.text), step: step,
                               statement: statement, on: connection)
            {
                sink.cleanedUp(skipped(statement, in: file, by: guarded))
                continue
            }
            observer.statementStarted(number: entry.number, line: statement.startLine, offset: statement.startOffset)
            try runAlone(statement, step: step, on: connection)
        }
        try markComplete(revision, addingMS: sink.elapsedMS(since: started), on: connection)
        try restoreSession(after: step, on: connection)
        sink.cleanedUp("resumed \(revision.id): the suffix a previous run left unfinished has run; the revision is complete")
    }

    /// The suffix statements of `step`'s script with their numbers, read whole first (a few
    /// statements): whether a statement already ran can depend on one after it (SuffixGuard).
    private func suffixStatements(of step: ApplyStep, shape: ScriptShape)
        throws(ApplyFailure) -> [(number: Int, statement: ScriptStatement)]
    {
        let file = step.script.file
        var stream = try StatementStream(context: context, file: file)
        var statementNumber = 0
        var suffix: [(number: Int, statement: ScriptStatement)] = []
        while let statement = try stream.nextStatement() {
            statementNumber += 1
            guard shape.phase(ofStatement: statementNumber) == .suffix else { continue }
            if statement.isCopyFromStdin {
                throw ApplyFailure(
                    .badInput,
                    "cannot resume \(step.revision.id): its suffix holds a COPY, which is not safe to repeat",
                    at: location(of: statement, in: file),
                    notes: [
                        "Finish it by hand, then set complete = true in its version row; the database is at "
                            + "\(step.revision.id) (incomplete)."
                    ])
            }
            suffix.append((statementNumber, statement))
        }
        return suffix
    }

    /// The positions in `suffix` of index replacements an earlier run finished: run again, they
    /// would build and swap the index a second time.
    private func finishedReplacements(
        in suffix: [(number: Int, statement: ScriptStatement)], step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) -> Set<Int> {
        var finished: Set<Int> = []
        for replacement in IndexReplacement.find(in: suffix.map(\.statement.text)) {
            let done: Bool
            do {
                done = try sink.finds(on: connection) { (connection: borrowing Connection) throws(PostgresError) in
                    try replacement.hasRun(on: connection)
                }
            } catch {
                throw failure(error, statement: suffix[replacement.positions[0]].statement, step: step)
            }
            guard done else { continue }
            finished.formUnion(replacement.positions)
            sink.cleanedUp(
                "skipped the replacement of index \(replacement.name): an earlier run finished it (it has the new "
                    + "definition and the temporary index is gone)")
        }
        return finished
    }

    /// The note for `statement`, skipped because `guarded` shows that an earlier run got past it.
    func skipped(_ statement: ScriptStatement, in file: String, by guarded: SuffixGuard) -> String {
        "skipped \(file):\(statement.startLine): an earlier run got past it (constraint \(guarded.constraint) "
            + (guarded.kind == .attach ? "already exists)" : "is already dropped)")
    }

    /// Whether a statement that cannot run twice has already run (SuffixGuard); `later` holds the
    /// suffix statements after it.
    func alreadyRan(
        _ guarded: SuffixGuard, later: [String], step: ApplyStep, statement: ScriptStatement,
        on connection: borrowing Connection
    ) throws(ApplyFailure) -> Bool {
        do {
            return try sink.finds(on: connection) { (connection: borrowing Connection) throws(PostgresError) in
                let exists = try guarded.constraintExists(on: connection)
                switch guarded.kind {
                case .attach: return exists
                case .validate: return !exists && later.contains(where: guarded.isDroppedBy)
                }
            }
        } catch {
            throw failure(error, statement: statement, step: step)
        }
    }
}

/// The session every revision starts from: strata's settings, `lock_timeout`, and the reset after
/// each revision.
extension StepRunner {
    /// strata's own session settings (besides lock_timeout), set before the lock is taken and
    /// again after each revision's reset.
    static func sessionSettings(serverVersion: Int) -> [String] {
        // Scripts are split (and their '...' literals read) as PostgreSQL's default has it.
        var settings = ["SET standard_conforming_strings = on"]
        // Lets the server notice a killed client during a long statement and roll back at once,
        // instead of when the statement finishes (PostgreSQL 14+).
        if serverVersion >= 140000 { settings.append("SET client_connection_check_interval = '1s'") }
        return settings
    }

    var lockTimeoutSQL: String { "SET lock_timeout = '\(Int((request.lockTimeout * 1000).rounded()))ms'" }

    /// Puts the session back to the state every revision starts from, after a revision: its `SET`,
    /// `set_config(..., false)` or `SET ROLE` must not reach the next revision (a later unqualified
    /// CREATE would land elsewhere, a `lock_timeout = 0` would queue behind a busy table), which
    /// would make a revision behave differently run alone and run together with others. `RESET
    /// ALL` leaves out the role and session user, so those are reset too. Transactional, so under
    /// `--single-transaction` it joins the one transaction.
    func restoreSession(after step: ApplyStep, on connection: borrowing Connection) throws(ApplyFailure) {
        let sql = (["RESET ALL", "RESET SESSION AUTHORIZATION", "RESET ROLE"]
            + Self.sessionSettings(serverVersion: connection.serverVersion) + [lockTimeoutSQL])
            .joined(separator: "; ")
        do { try sink.restoreSession(sql, on: connection) } catch {
            let position = request.singleTransaction || inTransaction
                ? fallback : (step.direction == .up ? step.revision.id : step.revision.parent)
            throw ApplyFailure(
                .database,
                "could not reset the session after \(step.revision.id): \(error)\nThe database is at \(position ?? "base")"
                    + (request.singleTransaction ? " (the single transaction was rolled back)." : "."))
        }
    }

    func setLockTimeout(on connection: borrowing Connection) throws(ApplyFailure) {
        do { try sink.execute(lockTimeoutSQL, on: connection) } catch {
            throw .connection(error, while: "could not set lock_timeout")
        }
    }

    func resetLockTimeout(on connection: borrowing Connection) {
        _ = try? sink.execute("RESET lock_timeout", on: connection)
    }
}
