import Foundation
import StrataBundle
import StrataCore

/// Runs the steps of a plan: the transaction segmentation, pipelined batches, bookkeeping rows,
/// and, for `--dry-run`, the same sequence printed instead of executed.
struct StepRunner {
    let context: BundleContext
    let request: ApplyRequest
    let observer: any ApplyObserver
    /// True while this runner has an open `BEGIN`.
    var inTransaction = false
    /// Where the database stays if the current step fails (nil = base).
    var fallback: String?
    /// COPY data bytes read so far for the COPY in progress (progress, and `--dry-run`'s summary).
    var copyBytes = 0
    /// The statement number of the COPY in progress.
    var copyNumber = 0
    /// True between a successful `beginCopy` and its end: a failure then must end the COPY first.
    var copyInProgress = false
    /// The part of the script the current statement belongs to, for failure messages.
    var phase = ScriptShape.Phase.prefix
    /// True once a prefix statement of the current step has run (committed on its own).
    var prefixRan = false
    /// A full batch sent but not yet answered: the server runs it while the next one is split.
    /// Its results are read (`settle`) before anything else goes out on the connection.
    var inFlight: InFlightBatch?

    /// Flushes a batch before it grows past this many bytes of SQL, so memory stays bounded for a
    /// data revision of many large INSERTs.
    static let maxBatchBytes = 1 << 20
    /// Scripts up to this size are counted first for "statement i of n"; beyond it the extra pass
    /// would cost seconds, and progress shows how far into the file the run is instead.
    static let maxCountedScriptBytes = 16 << 20

    init(context: BundleContext, request: ApplyRequest, observer: any ApplyObserver) {
        self.context = context
        self.request = request
        self.observer = observer
    }

    // MARK: - The move

    mutating func run(
        _ plan: ApplyPlan, shapes: [ScriptShape], on connection: borrowing Connection,
        lock: AdvisoryLock, key: Int64, heldOn lockConnection: borrowing Connection
    ) throws(ApplyFailure) {
        if request.singleTransaction {
            fallback = context.revisionID(at: plan.currentPosition)
            try send("BEGIN", on: connection)
            inTransaction = true
        }
        do {
            for (index, step) in plan.steps.enumerated() {
                try checkLock(lock, key: key, heldOn: lockConnection, before: step, on: connection)
                try runStep(step, shape: shapes[index], number: index + 1, of: plan.steps.count, on: connection)
            }
            if request.singleTransaction {
                try send("COMMIT", on: connection)
                inTransaction = false
            }
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
        if request.dryRun { return }
        var cause = "its session no longer holds it"
        do {
            if try lock.isHeld(key: key, on: lockConnection) { return }
        } catch {
            cause = "its session ended: \(error)"
        }
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

    /// One revision as [prefix][body][suffix] (`ScriptShape`): the prefix statements alone, each
    /// safe to repeat; the body in one transaction with the version row (written incomplete when a
    /// suffix follows); the suffix statements alone; then the row marked complete.
    private mutating func runStep(
        _ step: ApplyStep, shape: ScriptShape, number: Int, of total: Int, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        let file = step.script.file
        if !request.singleTransaction {
            fallback = step.direction == .up ? step.revision.parent : step.revision.id
        }
        phase = .prefix
        prefixRan = false
        var count: Int?
        let size = (try? FileManager.default.attributesOfItem(atPath: context.bundle.url(of: file).path)[.size])
            .flatMap { $0 as? Int }
        if observer.wantsStatementCounts && !request.dryRun, let size, size <= Self.maxCountedScriptBytes {
            count = shape.statementCount > 0 ? shape.statementCount : try StatementStream.count(context: context, file: file)
        }
        observer.stepStarted(step, number: number, of: total, statementCount: count, scriptBytes: size)
        if request.dryRun {
            observer.dryRun("")
            observer.dryRun("-- \(step.direction.rawValue) \(step.revision.id): \(step.revision.message) (\(file))")
        }
        let started = Date()
        var milliseconds: Int64 = 0
        var batch = Batch()
        var stream = try StatementStream(context: context, file: file)
        var statementNumber = 0
        var copy: ScriptStatement?
        while let event = try stream.next() {
            let statement: ScriptStatement
            switch event {
            case .copyData(let bytes):
                if let copy { try copyData(bytes, statement: copy, step: step, on: connection) }
                continue
            case .copyEnd:
                if let current = copy {
                    copy = nil
                    try endCopy(statement: current, step: step, on: connection)
                }
                continue
            case .statement(let next):
                statement = next
            }
            statementNumber += 1
            // Verification refuses such a script; this catches one edited after it was verified.
            if let reason = RefusedStatement.reason(for: statement) {
                rollback(on: connection)
                throw ApplyFailure(
                    .badInput, reason, at: location(of: statement, in: file),
                    notes: ["\(step.revision.id) was rolled back: the database is still at \(fallback ?? "base")."])
            }
            let statementPhase = shape.phase(ofStatement: statementNumber)
            if statementPhase == .suffix && phase != .suffix {
                // The body is done: commit it with the version row, marked incomplete until the
                // suffix has run, so a failure from here on is resumed rather than repeated.
                try flush(&batch, step: step, on: connection)
                milliseconds = try bookkeeping(step, startedAt: started, complete: false, on: connection)
                try send("COMMIT", on: connection)
                inTransaction = false
                if request.dryRun {
                    observer.dryRun("-- \(step.revision.id) is recorded as incomplete until its suffix below has run")
                }
            }
            phase = statementPhase
            if statementPhase != .body {
                observer.statementStarted(number: statementNumber, line: statement.startLine, offset: statement.startOffset)
                if statement.isCopyFromStdin {
                    try beginCopy(statement, step: step, on: connection)
                    copy = statement
                    copyNumber = statementNumber
                } else if statementPhase == .prefix, !request.dryRun, let guarded = SuffixGuard(statement: statement.text),
                    guarded.kind == .attach,
                    try alreadyRan(guarded, later: [], step: step, statement: statement, on: connection)
                {
                    // A revision of online steps only has no body: they all run first, and a
                    // retry after a failure past this one must not attach the constraint twice.
                    observer.cleanedUp(
                        "skipped \(file):\(statement.startLine): an earlier run got past it (constraint "
                            + "\(guarded.constraint) already exists)")
                } else {
                    try runAlone(statement, file: file, step: step, on: connection)
                }
                if statementPhase == .prefix { prefixRan = true }
                continue
            }
            if !inTransaction {
                try send("BEGIN", on: connection)
                inTransaction = true
            }
            if statement.isCopyFromStdin {
                // COPY streams its data after the statement, so it cannot share a pipelined batch.
                try flush(&batch, step: step, on: connection)
                observer.statementStarted(number: statementNumber, line: statement.startLine, offset: statement.startOffset)
                try beginCopy(statement, step: step, on: connection)
                copy = statement
                copyNumber = statementNumber
                continue
            }
            batch.append(statement, number: statementNumber)
            if batch.statements.count >= request.pipelineBatchSize || batch.bytes >= Self.maxBatchBytes {
                try flush(&batch, step: step, on: connection, overlapping: true)
            }
        }
        if phase == .suffix {
            // The row holds the body's time; the suffix's is added, so execution_ms and "done in"
            // cover the whole revision.
            let total = request.dryRun ? 0 : Int64((Date().timeIntervalSince(started) * 1000).rounded())
            try markComplete(step.revision, addingMS: max(0, total - milliseconds), on: connection)
            milliseconds = total
        } else {
            try flush(&batch, step: step, on: connection)
            milliseconds = try bookkeeping(step, startedAt: started, complete: true, on: connection)
            if !request.singleTransaction {
                try send("COMMIT", on: connection)
                inTransaction = false
            }
        }
        try restoreSession(after: step, on: connection)
        observer.stepFinished(step, milliseconds: milliseconds)
    }

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
        if request.dryRun {
            observer.dryRun("")
            observer.dryRun(
                "-- resume \(revision.id): recorded as incomplete; its suffix (\(shape.suffixCount) statement"
                    + "\(shape.suffixCount == 1 ? "" : "s") of \(file) run alone after its transaction) runs again")
        }
        if !request.dryRun {
            observer.cleanedUp(
                "resuming \(revision.id): it is recorded as incomplete (the statements that run alone after its "
                    + "transaction did not finish in an earlier run); running them again first")
        }
        let started = Date()
        var stream = try StatementStream(context: context, file: file)
        var statementNumber = 0
        // The suffix is read whole first (a few statements): whether a statement already ran can
        // depend on one after it (SuffixGuard).
        var suffix: [(number: Int, statement: ScriptStatement)] = []
        while let statement = try stream.nextStatement() {
            statementNumber += 1
            guard shape.phase(ofStatement: statementNumber) == .suffix else { continue }
            if statement.isCopyFromStdin {
                throw ApplyFailure(
                    .badInput,
                    "cannot resume \(revision.id): its suffix holds a COPY, which is not safe to repeat",
                    at: location(of: statement, in: file),
                    notes: ["Finish it by hand, then set complete = true in its version row; the database is at \(revision.id) (incomplete)."])
            }
            suffix.append((statementNumber, statement))
        }
        // An index replacement that already ran would otherwise build and swap the index again.
        var finished: Set<Int> = []
        if !request.dryRun {
            for replacement in IndexReplacement.find(in: suffix.map(\.statement.text)) {
                let done: Bool
                do { done = try replacement.hasRun(on: connection) } catch {
                    throw failure(error, statement: suffix[replacement.positions[0]].statement, step: step)
                }
                guard done else { continue }
                finished.formUnion(replacement.positions)
                observer.cleanedUp(
                    "skipped the replacement of index \(replacement.name): an earlier run finished it (it has the new "
                        + "definition and the temporary index is gone)")
            }
        }
        for (position, entry) in suffix.enumerated() {
            let statement = entry.statement
            if finished.contains(position) { continue }
            if !request.dryRun, let guarded = SuffixGuard(statement: statement.text),
                try alreadyRan(guarded, later: suffix[(position + 1)...].map(\.statement.text), step: step,
                               statement: statement, on: connection)
            {
                observer.cleanedUp(
                    "skipped \(file):\(statement.startLine): an earlier run got past it (constraint "
                        + "\(guarded.constraint) \(guarded.kind == .attach ? "already exists" : "is already dropped"))")
                continue
            }
            observer.statementStarted(number: entry.number, line: statement.startLine, offset: statement.startOffset)
            try runAlone(statement, file: file, step: step, on: connection)
        }
        try markComplete(
            revision, addingMS: Int64((Date().timeIntervalSince(started) * 1000).rounded()), on: connection)
        try restoreSession(after: step, on: connection)
        if !request.dryRun {
            observer.cleanedUp("resumed \(revision.id): the suffix a previous run left unfinished has run; the revision is complete")
        }
    }

    /// Whether a resumed suffix statement that cannot run twice has already run (SuffixGuard).
    private func alreadyRan(
        _ guarded: SuffixGuard, later: [String], step: ApplyStep, statement: ScriptStatement,
        on connection: borrowing Connection
    ) throws(ApplyFailure) -> Bool {
        let exists: Bool
        do { exists = try guarded.constraintExists(on: connection) } catch {
            throw failure(error, statement: statement, step: step)
        }
        switch guarded.kind {
        case .attach: return exists
        case .validate: return !exists && later.contains(where: guarded.isDroppedBy)
        }
    }

    /// Where `statement` starts, with the file as messages show it.
    func location(of statement: ScriptStatement, in file: String) -> SourceLocation {
        SourceLocation(file: context.shownPath(of: file), line: statement.startLine, column: statement.startColumn)
    }

    /// `UPDATE ... SET complete = true` for `revision`, on its own (autocommit).
    private func markComplete(
        _ revision: ChainEntry, addingMS milliseconds: Int64, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        if request.dryRun {
            observer.dryRun(Self.terminated(context.versionRows.markCompleteSQL(for: revision)))
            return
        }
        let sql = context.versionRows.markCompleteSQL(for: revision, addingExecutionMS: milliseconds)
        do { _ = try connection.execute(sql) } catch {
            throw ApplyFailure(
                .database,
                "could not mark \(revision.id) complete in \(context.versionRows.qualifiedName): \(error)\n"
                    + "Its suffix has run; the next apply runs it again (each statement is safe to repeat) and marks it.")
        }
    }

    // MARK: - Statements

    /// Statements waiting to be sent together, with their 1-based numbers in the script.
    struct Batch {
        var statements: [ScriptStatement] = []
        var numbers: [Int] = []
        var bytes = 0

        mutating func append(_ statement: ScriptStatement, number: Int) {
            statements.append(statement)
            numbers.append(number)
            bytes += statement.text.utf8.count
        }
    }

    /// A batch on its way, with what a failure report needs.
    struct InFlightBatch {
        var batch: Batch
        var sent: SentBatch
        var step: ApplyStep
    }

    /// Sends the batch as one message (`Connection.sendBatch`: one round trip, the simple protocol)
    /// inside the open transaction, after reading the results of the one in flight. With `overlapping`, returns
    /// without waiting, so the server runs the batch while the next one is split: the next flush
    /// (every path to the version row, a COPY or the suffix flushes first) or a rollback reads
    /// its results.
    private mutating func flush(
        _ batch: inout Batch, step: ApplyStep, on connection: borrowing Connection, overlapping: Bool = false
    ) throws(ApplyFailure) {
        try settle(on: connection)
        guard !batch.statements.isEmpty else { return }
        defer { batch = Batch() }
        if request.dryRun {
            for statement in batch.statements { observer.dryRun(Self.terminated(statement.text)) }
            return
        }
        if let first = batch.statements.first, let number = batch.numbers.first {
            observer.statementStarted(number: number, line: first.startLine, offset: first.startOffset)
        }
        let sent: SentBatch
        do { sent = try connection.sendBatch(batch.statements.map(\.text)) } catch {
            rollback(on: connection)
            throw failure(error, statement: batch.statements[0], step: step)
        }
        inFlight = InFlightBatch(batch: batch, sent: sent, step: step)
        if !overlapping { try settle(on: connection) }
    }

    /// Reads the results of the batch in flight; a failure rolls the transaction back and names
    /// the statement.
    private mutating func settle(on connection: borrowing Connection) throws(ApplyFailure) {
        guard let flight = inFlight else { return }
        inFlight = nil
        do {
            try connection.finishBatch(flight.sent)
            forwardNotices(on: connection, step: flight.step, statements: flight.batch.statements)
        } catch {
            forwardNotices(on: connection, step: flight.step, statements: flight.batch.statements)
            let statements = flight.batch.statements
            let failed = statements[min(error.statementIndex ?? 0, statements.count - 1)]
            rollback(on: connection)
            throw failure(error, statement: failed, step: flight.step)
        }
    }

    /// Runs a non-transactional statement on its own, first dropping an INVALID index that a
    /// failed concurrent build of the same index left behind (with `IF NOT EXISTS` the retry
    /// would otherwise skip it and leave the index unusable).
    private mutating func runAlone(
        _ statement: ScriptStatement, file: String, step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        let build = ConcurrentIndexBuild(statement: statement.text)
        if request.dryRun {
            if let build {
                observer.dryRun(
                    "-- outside a transaction; first drops index \(build.name) if a failed earlier build left it INVALID")
            } else {
                observer.dryRun("-- outside a transaction")
            }
            observer.dryRun(Self.terminated(statement.text))
            return
        }
        do {
            if let build { try dropInvalidIndex(build, on: connection) }
            _ = try connection.execute(statement.text)
            forwardNotices(on: connection, step: step, statements: [statement])
        } catch {
            forwardNotices(on: connection, step: step, statements: [statement])
            throw failure(error, statement: statement, step: step)
        }
    }

    private func dropInvalidIndex(_ build: ConcurrentIndexBuild, on connection: borrowing Connection)
        throws(PostgresError)
    {
        let result = try connection.execute(
            """
            SELECT n.nspname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND c.relname = $1 AND n.nspname = coalesce($2, current_schema())
            """, parameters: [build.name, build.schema])
        guard result.rowCount > 0, let schema = result.value(row: 0, column: 0) else { return }
        let name = SQLText.qualified(schema, build.name)
        _ = try connection.execute("DROP INDEX CONCURRENTLY IF EXISTS \(name)")
        observer.cleanedUp("dropped the INVALID index \(name) left by a failed concurrent build, before building it again")
    }

    /// Inserts (up) or deletes (down) the version row in the step's transaction, opening one if
    /// the step had no transactional statement; returns the step's execution time so far.
    private mutating func bookkeeping(
        _ step: ApplyStep, startedAt started: Date, complete: Bool, on connection: borrowing Connection
    ) throws(ApplyFailure) -> Int64 {
        if !inTransaction {
            try send("BEGIN", on: connection)
            inTransaction = true
        }
        let milliseconds = request.dryRun ? 0 : Int64((Date().timeIntervalSince(started) * 1000).rounded())
        let rows = context.versionRows
        let sql = step.direction == .up
            ? rows.insertSQL(for: step.revision, executionMS: milliseconds, complete: complete)
            : rows.deleteSQL(for: step.revision)
        if request.dryRun {
            if step.direction == .up { observer.dryRun("-- execution_ms is measured when it runs") }
            observer.dryRun(Self.terminated(sql))
            return milliseconds
        }
        do {
            let result = try connection.execute(sql)
            if step.direction == .down, result.affectedRows != 1 {
                throw ApplyFailure(
                    .database,
                    "the version row of \(step.revision.id) was not found while undoing it (another tool changed "
                        + "\(rows.qualifiedName)?); the step was rolled back")
            }
        } catch let error as PostgresError {
            throw ApplyFailure(
                .database,
                "could not record \(step.revision.id) in \(rows.qualifiedName): \(error)\n"
                    + "The step was rolled back; the database is still at \(fallback ?? "base").")
        } catch let error as ApplyFailure {
            throw error
        } catch {
            throw ApplyFailure(.database, "\(error)")
        }
        return milliseconds
    }

    // MARK: - Transactions and session

    private func send(_ sql: String, on connection: borrowing Connection) throws(ApplyFailure) {
        if request.dryRun {
            observer.dryRun(Self.terminated(sql))
            return
        }
        do { _ = try connection.execute(sql) } catch {
            throw ApplyFailure(
                .database,
                "\(sql) failed: \(error)\nThe database is still at \(fallback ?? "base") (the server rolls back "
                    + "an unfinished transaction).")
        }
    }

    /// Rolls back an open transaction; after a lost connection the server has already done so.
    mutating func rollback(on connection: borrowing Connection) {
        if let flight = inFlight {
            inFlight = nil
            connection.discardBatch(flight.sent)
        }
        if copyInProgress {
            copyInProgress = false
            if !request.dryRun { connection.cancelCopy(reason: "strata apply stopped") }
        }
        guard inTransaction else { return }
        inTransaction = false
        guard !request.dryRun else { return }
        _ = try? connection.execute("ROLLBACK")
    }

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
        if request.dryRun {
            observer.dryRun("-- RESET ALL, the role and strata's session settings: each revision starts from the same session")
            return
        }
        let sql = (["RESET ALL", "RESET SESSION AUTHORIZATION", "RESET ROLE"]
            + Self.sessionSettings(serverVersion: connection.serverVersion) + [lockTimeoutSQL])
            .joined(separator: "; ")
        do { _ = try connection.execute(sql) } catch {
            let position = request.singleTransaction || inTransaction
                ? fallback : (step.direction == .up ? step.revision.id : step.revision.parent)
            throw ApplyFailure(
                .database,
                "could not reset the session after \(step.revision.id): \(error)\nThe database is at \(position ?? "base")"
                    + (request.singleTransaction ? " (the single transaction was rolled back)." : "."))
        }
    }

    func setLockTimeout(on connection: borrowing Connection) throws(ApplyFailure) {
        let sql = lockTimeoutSQL
        if request.dryRun {
            observer.dryRun(Self.terminated(sql))
            return
        }
        do { _ = try connection.execute(sql) } catch {
            throw .connection(error, while: "could not set lock_timeout")
        }
    }

    func resetLockTimeout(on connection: borrowing Connection) {
        if request.dryRun {
            observer.dryRun("RESET lock_timeout;")
            return
        }
        _ = try? connection.execute("RESET lock_timeout")
    }

    func emitDryRunHeader(
        plan: ApplyPlan, lockKey: Int64, from: String?, to: String?, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        observer.dryRun("-- strata apply --dry-run: nothing below has been run")
        observer.dryRun(
            "-- from \(from ?? "base") to \(to ?? "base"): \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s")")
        observer.dryRun("-- holding pg_advisory_lock(\(lockKey)) (\"strata:\(context.schema)\") for the whole run")
        // Only what the real run would create: nothing when both exist.
        let rows = context.versionRows
        let schemaExists: Bool
        let tableExists: Bool
        do {
            schemaExists = try rows.schemaExists(on: connection)
            tableExists = schemaExists ? try rows.tableExists(on: connection) : false
        } catch {
            throw .connection(error, while: "could not read \(rows.qualifiedName)")
        }
        if !schemaExists {
            observer.dryRun("-- creates schema \(rows.schema) and \(rows.qualifiedName) (both missing)")
        } else if !tableExists {
            observer.dryRun("-- creates \(rows.qualifiedName) (missing)")
        }
    }

    /// Passes the server's notices on, except `schema "<managed>" already exists, skipping` from the
    /// first revision's `CREATE SCHEMA IF NOT EXISTS`: apply created the schema itself a moment
    /// earlier to hold the version table, so that notice says nothing.
    /// Each notice carries the line of the statement that raised it (in a pipelined batch, the
    /// statement whose results were being read), like psql's `file:line: NOTICE:`.
    func forwardNotices(on connection: borrowing Connection, step: ApplyStep, statements: [ScriptStatement]) {
        let ownSchema = "schema \"\(context.schema)\" already exists, skipping"
        let file = context.shownPath(of: step.script.file)
        for notice in connection.drainNotices() where !(notice.sqlState == "42P06" && notice.message == ownSchema) {
            let statement = statements.isEmpty ? nil : statements[min(notice.statementIndex ?? 0, statements.count - 1)]
            observer.notice(notice, file: file, line: statement?.startLine)
        }
    }

    static func terminated(_ sql: String) -> String {
        var text = sql
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text.hasSuffix(";") ? text : text + ";"
    }
}
