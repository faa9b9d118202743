import Foundation
import StrataBundle
internal import StrataCore

/// Moves a database along the chain (SPEC §6): lock, check, preflight, resume an incomplete
/// revision, then each step as [prefix][body][suffix] (`ScriptShape`): the body in its own
/// transaction together with its version row.
///
/// Inside a transaction, statements go to the server in pipelined batches (libpq pipeline mode:
/// no round trip per statement); a failing statement still names its file and line because the
/// batch reports the index of the statement that failed. Statements marked
/// `-- strata:no-transaction` run alone, outside any transaction, with plain `PQexec`: a pipeline
/// would wrap them in an implicit transaction, which `CREATE INDEX CONCURRENTLY` refuses.
public struct Applier {
    public var context: BundleContext
    public var request: ApplyRequest
    public let observer: any ApplyObserver

    public init(context: BundleContext, request: ApplyRequest, observer: any ApplyObserver = SilentApplyObserver()) {
        self.context = context
        self.request = request
        self.observer = observer
    }

    /// Runs the whole move. The advisory lock is held from before the version rows are read until
    /// the end, so a concurrent `apply` sees the result of this one. It is held on a connection of
    /// its own, which runs no script (a `pg_advisory_unlock_all()` in a revision cannot release
    /// it) and keeps itself alive (`LockSession`); each revision commits only while it is held.
    ///
    /// Before anything is set or changed, the two connections must be two stable server sessions
    /// (`ServerSessions`: not a pooler in transaction mode). At the end `connection` is left as a
    /// new session is (`DISCARD ALL`): behind a session pooler it goes on to serve other clients.
    public func run(on connection: borrowing Connection) throws(ApplyFailure) -> ApplyOutcome {
        let lockConnection = try Self.openLockConnection(besides: connection)
        let sessions = try ServerSessions.check(work: connection, lock: lockConnection)
        defer { Self.leave(connection) }
        try prepareSession(on: connection)
        let observer = observer
        let lockSession = try LockSession(
            AdvisoryLock(schema: context.schema), on: lockConnection, sessions: sessions, cancelling: connection,
            wait: request.lockWait
        ) { holder in observer.waitingForLock(heldBy: holder) }
        defer { lockSession.close() }
        lockSession.startHeartbeat(observer: observer)
        do { return try run(on: connection, lockSession: lockSession) } catch {
            var failure = error
            let rows = context.versionRows
            if let read = lockSession.reading({ (connection: borrowing Connection) in try rows.read(on: connection) }) {
                (failure.databasePosition, failure.databaseRevision) = (read.count, read.last?.revision)
            }
            throw failure
        }
    }

    /// Leaves the work session as a new one is: nothing apply or a script set outlives the run.
    static func leave(_ connection: borrowing Connection) {
        guard connection.isHealthy else { return }
        if connection.transactionStatus != .idle { _ = try? connection.execute("ROLLBACK") }
        _ = try? connection.execute("DISCARD ALL")
    }

    static func openLockConnection(besides connection: borrowing Connection) throws(ApplyFailure) -> Connection {
        do { return try connection.openAnother() } catch {
            throw .connection(error, while: "could not open the connection that holds the apply lock")
        }
    }

    private func run(on connection: borrowing Connection, lockSession: LockSession) throws(ApplyFailure) -> ApplyOutcome {
        let key = lockSession.lock.key
        let (rows, position) = try context.appliedState(on: connection, waitingForWriters: !request.dryRun)
        let plan: ApplyPlan
        do { plan = try ApplyPlan(chain: context.chain, currentPosition: position, target: request.target) } catch {
            throw ApplyFailure(.badInput, error.description)
        }
        let from = context.revisionID(at: plan.currentPosition)
        let to = context.revisionID(at: plan.targetPosition)
        // A revision whose suffix (concurrent index builds after its transaction) did not finish
        // is resumed first, whatever the move: also before going down from it.
        let incomplete = incompleteRevision(rows: rows, position: position)
        observer.planned(plan, current: from, target: to, resuming: incomplete?.id)
        let outcome = ApplyOutcome(plan: plan, from: from, to: to, dryRun: request.dryRun)
        let unrecorded = try unrecordedSchema(plan: plan, rows: rows, on: connection)
        let dataLoss = try dataLossToConfirm(plan)
        guard !plan.isEmpty || incomplete != nil else { return outcome }

        let resumeShape = try incomplete.map { entry throws(ApplyFailure) in
            try shape(of: ApplyStep(revision: entry, direction: .up))
        }
        let shapes = try shapes(of: plan)
        if request.singleTransaction { try refuseNonTransactionalSteps(plan) }
        let sink: any StatementSink
        if request.dryRun {
            let dryRun = DryRunSink(observer: observer)
            try dryRun.printHeader(plan: plan, lockKey: key, from: from, to: to, context: context, on: connection)
            if let unrecorded { observer.dryRun("-- preflight: refusing to run anything: " + unrecorded.summary) }
            for line in dataLoss { observer.dryRun("-- loses data (needs --allow-destructive): " + line) }
            // Read-only: say now what would stop the real run.
            do {
                for entry in try preflight(plan, on: connection) {
                    observer.dryRun(
                        "-- preflight: \(entry.id) is hand-written and declares no version requirements "
                            + "(`\(RevisionRequirements.marker) NAME VERSION`); they are not checked")
                }
            } catch {
                for line in error.message.split(separator: "\n") { observer.dryRun("-- preflight: " + line) }
            }
            sink = dryRun
        } else {
            if let unrecorded {
                throw ApplyFailure(
                    .badInput,
                    "refusing to run anything: \(unrecorded.summary); \(plan.steps[0].revision.id) would fail on "
                        + "objects that already exist. " + unrecorded.advice(bundle: context.bundle.displayPath))
            }
            if !dataLoss.isEmpty && !observer.confirmDataLoss(dataLoss) {
                throw ApplyFailure(
                    .badInput,
                    "going down to \(to ?? "base") loses data; nothing was run:\n"
                        + dataLoss.map { "  \($0)" }.joined(separator: "\n")
                        + "\nRun again with --allow-destructive if that is intended (on a terminal, apply asks instead).")
            }
            try preflight(plan, on: connection)
            try ensureBookkeeping(on: connection)
            sink = LiveSink(observer: observer)
        }
        var runner = StepRunner(
            context: context, request: request, observer: observer, sink: sink, lockSession: lockSession)
        try runner.setLockTimeout(on: connection)
        request.interruption?.started(on: connection)
        defer { request.interruption?.finished() }
        do {
            if let incomplete, let resumeShape {
                try runner.resume(incomplete, shape: resumeShape, on: connection)
            }
            try runner.run(plan, shapes: shapes, on: connection)
        } catch {
            runner.resetLockTimeout(on: connection)
            // What the statement waited for, as the heartbeat saw it during the wait: read after the
            // rollback, pg_locks no longer shows the wait.
            let wait = lockSession.recentWait()
            let (lockTimeout, sessions) = (request.lockTimeout, lockSession.sessions)
            let explained = lockSession.reading { (lockConnection: borrowing Connection) in
                FailureEvidence.adding(
                    to: error, lockTimeout: lockTimeout, wait: wait, excluding: [sessions.work, sessions.lock],
                    on: lockConnection)
            }
            throw explained ?? error
        }
        runner.resetLockTimeout(on: connection)
        return outcome
    }

    /// A populated managed schema without a version table, when the plan starts from base going up:
    /// revision 1 would fail on "already exists"; `strata stamp` is the way in.
    func unrecordedSchema(
        plan: ApplyPlan, rows: [AppliedRevision], on connection: borrowing Connection
    ) throws(ApplyFailure) -> UnrecordedSchema? {
        guard rows.isEmpty, plan.currentPosition == 0, !plan.isEmpty else { return nil }
        do { return try UnrecordedSchema.find(context.versionRows, on: connection) } catch {
            throw .connection(error, while: "could not read the schema \(context.schema) from the catalog")
        }
    }

    /// What going down loses, when `--allow-destructive` was not given (empty otherwise).
    func dataLossToConfirm(_ plan: ApplyPlan) throws(ApplyFailure) -> [String] {
        guard !request.allowDestructive, plan.steps.first?.direction == .down else { return [] }
        return try context.dataLoss(goingDown: plan)
    }

    /// Session settings every statement relies on.
    func prepareSession(on connection: borrowing Connection) throws(ApplyFailure) {
        do {
            for sql in StepRunner.sessionSettings(serverVersion: connection.serverVersion) {
                _ = try connection.execute(sql)
            }
        } catch {
            throw .connection(error, while: "could not prepare the session")
        }
    }

    /// `--single-transaction` cannot hold a statement that must run outside a transaction.
    func refuseNonTransactionalSteps(_ plan: ApplyPlan) throws(ApplyFailure) {
        var offenders: [String] = []
        for step in plan.steps {
            var stream = try StatementStream(context: context, file: step.script.file)
            while let statement = try stream.nextStatement() {
                if statement.isNonTransactional { offenders.append("\(step.script.file):\(statement.startLine)") }
            }
        }
        guard !offenders.isEmpty else { return }
        throw ApplyFailure(
            .badInput,
            "--single-transaction is impossible for this move: these statements must run outside a transaction "
                + "(CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE, the online steps after a revision's "
                + "transaction) and PostgreSQL refuses them inside one: " + offenders.joined(separator: ", ")
                + ". Run without --single-transaction (each revision still gets its own transaction); revisions "
                + "compiled with `online: false` in the schema block keep index builds and validations in their "
                + "transaction.")
    }

    /// Stops before any change when the server or an extension is older than a pending revision
    /// needs, or an extension is missing and this role cannot create it.
    /// Returns the hand-written revisions of the plan whose requirements are unknown.
    @discardableResult
    func preflight(_ plan: ApplyPlan, on connection: borrowing Connection) throws(ApplyFailure) -> [ChainEntry] {
        let unknown = try context.versionPreflight(for: plan.steps, on: connection)
        let extensions = try context.extensions(for: plan.steps)
        guard !extensions.isEmpty else { return unknown }
        let statuses: [(Extension, ExtensionStatus)]
        let role: String
        do {
            statuses = try ExtensionPreflight(extensions: extensions, managedSchema: context.schema).check(on: connection)
            role = try connection.execute("SELECT current_user").value(row: 0, column: 0) ?? "?"
        } catch {
            throw .connection(error, while: "could not check the extensions")
        }
        if let failure = ExtensionPreflight.failure(for: statuses, role: role) { throw failure }
        return unknown
    }

    /// Creates the managed schema and the version table when missing.
    func ensureBookkeeping(on connection: borrowing Connection) throws(ApplyFailure) {
        let rows = context.versionRows
        do {
            try rows.ensureSchemaAndTable(on: connection)
        } catch {
            throw .connection(error, while: "could not create \(rows.qualifiedName)")
        }
    }
}
