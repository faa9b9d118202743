import Foundation
import StrataBundle
import StrataCore

/// One revision as [prefix][body][suffix] (`ScriptShape`): the prefix statements alone, each
/// safe to repeat; the body in one transaction with the version row (written incomplete when a
/// suffix follows); the suffix statements alone; then the row marked complete.
extension StepRunner {
    /// What one step carries from statement to statement.
    struct StepState {
        let step: ApplyStep
        let shape: ScriptShape
        let started = Date()
        /// The step's execution time as its version row records it.
        var milliseconds: Int64 = 0
        /// Body statements not yet sent.
        var batch = StatementBatch()
        /// The 1-based number of the current statement.
        var statementNumber = 0
        /// The COPY whose data is streaming.
        var copy: ScriptStatement?

        var file: String { step.script.file }
    }

    mutating func runStep(
        _ step: ApplyStep, shape: ScriptShape, number: Int, of total: Int, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        try startStep(step, shape: shape, number: number, of: total)
        try holdPinnedSettings(shape, step: step, on: connection)
        var state = StepState(step: step, shape: shape)
        var stream = try StatementStream(context: context, file: state.file)
        while let event = try stream.next() {
            switch event {
            case .copyData(let bytes):
                if let copy = state.copy {
                    try stopIfInterrupted(before: copy, step: step, streaming: true)
                    try copyData(bytes, statement: copy, step: step, on: connection)
                }
            case .copyEnd:
                if let copy = state.copy {
                    state.copy = nil
                    try endCopy(statement: copy, step: step, on: connection)
                }
            case .statement(let statement):
                state.statementNumber += 1
                try stopIfInterrupted(before: statement, step: step)
                try runStatement(statement, in: &state, on: connection)
            }
        }
        try finishStep(&state, on: connection)
        try restoreSession(after: step, on: connection)
        observer.stepFinished(step, milliseconds: state.milliseconds)
    }

    /// Where the database stays if the step fails, then the step announced, with its statement
    /// count for progress.
    private mutating func startStep(_ step: ApplyStep, shape: ScriptShape, number: Int, of total: Int)
        throws(ApplyFailure)
    {
        let file = step.script.file
        if !request.singleTransaction {
            fallback = step.direction == .up ? step.revision.parent : step.revision.id
        }
        phase = .prefix
        prefixRan = false
        let size = (try? FileManager.default.attributesOfItem(atPath: context.bundle.url(of: file).path)[.size])
            .flatMap { $0 as? Int }
        var count: Int?
        if observer.wantsStatementCounts, let size, size <= Self.maxCountedScriptBytes {
            let context = context
            count = try sink.statementCount { () throws(ApplyFailure) -> Int in
                shape.statementCount > 0 ? shape.statementCount : try StatementStream.count(context: context, file: file)
            }
        }
        observer.stepStarted(step, number: number, of: total, statementCount: count, scriptBytes: size)
        sink.comment("")
        sink.comment("-- \(step.direction.rawValue) \(step.revision.id): \(step.revision.message) (\(file))")
    }

    /// One statement, by the part of the script it belongs to; the first of the suffix commits
    /// the body before it.
    private mutating func runStatement(
        _ statement: ScriptStatement, in state: inout StepState, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        // Verification refuses such a script; this catches one edited after it was verified.
        if let reason = RefusedStatement.reason(for: statement) {
            rollback(on: connection)
            throw ApplyFailure(
                .badInput, reason, at: location(of: statement, in: state.file),
                notes: ["\(state.step.revision.id) was rolled back: the database is \(databaseIs(fallback))."])
        }
        let statementPhase = state.shape.phase(ofStatement: state.statementNumber)
        if statementPhase == .suffix && phase != .suffix {
            try commitBeforeSuffix(&state, on: connection)
        }
        phase = statementPhase
        if statementPhase == .body {
            try addToBody(statement, in: &state, on: connection)
        } else {
            try runOutsideTransaction(statement, in: &state, on: connection)
        }
    }

    /// A prefix or suffix statement: alone, outside the step's transaction. A COPY among them
    /// streams its data next.
    private mutating func runOutsideTransaction(
        _ statement: ScriptStatement, in state: inout StepState, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        try checkLock(before: "before \(state.file):\(statement.startLine)", on: connection)
        observer.statementStarted(number: state.statementNumber, line: statement.startLine, offset: statement.startOffset)
        if statement.isCopyFromStdin {
            try beginCopy(statement, number: state.statementNumber, step: state.step, on: connection)
            state.copy = statement
        } else if phase == .prefix, let guarded = SuffixGuard(statement: statement.text), guarded.kind == .attach,
            try alreadyRan(guarded, later: [], step: state.step, statement: statement, on: connection)
        {
            // A revision of online steps only has no body: they all run first, and a
            // retry after a failure past this one must not attach the constraint twice.
            sink.cleanedUp(skipped(statement, in: state.file, by: guarded))
        } else {
            try runAlone(statement, step: state.step, on: connection)
        }
        if phase == .prefix { prefixRan = true }
    }

    /// A body statement: into the pipelined batch of the step's transaction, which the first one
    /// opens. A COPY goes out on its own.
    private mutating func addToBody(
        _ statement: ScriptStatement, in state: inout StepState, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        if !inTransaction { try begin(on: connection) }
        if statement.isCopyFromStdin {
            // COPY streams its data after the statement, so it cannot share a pipelined batch.
            try flush(&state.batch, step: state.step, on: connection)
            observer.statementStarted(number: state.statementNumber, line: statement.startLine, offset: statement.startOffset)
            try beginCopy(statement, number: state.statementNumber, step: state.step, on: connection)
            state.copy = statement
            return
        }
        state.batch.append(statement, number: state.statementNumber)
        if state.batch.statements.count >= request.pipelineBatchSize || state.batch.bytes >= Self.maxBatchBytes {
            try flush(&state.batch, step: state.step, on: connection, overlapping: true)
        }
    }

    /// The body is done and a suffix follows: commit the body with the version row, marked
    /// incomplete until the suffix has run, so a failure from here on is resumed rather than repeated.
    private mutating func commitBeforeSuffix(_ state: inout StepState, on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        try flush(&state.batch, step: state.step, on: connection)
        state.milliseconds = try writeVersionRow(state.step, startedAt: state.started, complete: false, on: connection)
        try guardCommit(of: "\(state.step.revision.id)'s transaction", on: connection)
        try commit(on: connection)
        fallback = state.step.resultingRevision
        sink.comment("-- \(state.step.revision.id) is recorded as incomplete until its suffix below has run")
    }

    /// The end of the script: after a suffix, the row marked complete; otherwise the rest of the
    /// body sent and committed with the row (the one transaction commits at the end of the move).
    private mutating func finishStep(_ state: inout StepState, on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        if phase == .suffix {
            // The row holds the body's time; the suffix's is added, so execution_ms and "done in"
            // cover the whole revision.
            let bodyMS = state.milliseconds
            let total = sink.elapsedMS(since: state.started)
            try markComplete(state.step, addingMS: total.map { max(0, $0 - bodyMS) }, on: connection)
            state.milliseconds = total ?? 0
        } else {
            try flush(&state.batch, step: state.step, on: connection)
            state.milliseconds = try writeVersionRow(state.step, startedAt: state.started, complete: true, on: connection)
            if !request.singleTransaction {
                try guardCommit(of: "\(state.step.revision.id)'s transaction", on: connection)
                try commit(on: connection)
            }
        }
    }
}
