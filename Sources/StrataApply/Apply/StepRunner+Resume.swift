import Foundation
import StrataBundle

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
        try holdPinnedSettings(shape, step: step, on: connection)
        for (position, entry) in suffix.enumerated() where !finished.contains(position) {
            let statement = entry.statement
            if let guarded = SuffixGuard(statement: statement.text),
                try alreadyRan(guarded, later: suffix[(position + 1)...].map(\.statement.text), step: step,
                               statement: statement, on: connection)
            {
                sink.cleanedUp(skipped(statement, in: file, by: guarded))
                continue
            }
            try checkLock(before: "before \(file):\(statement.startLine)", on: connection)
            observer.statementStarted(number: entry.number, line: statement.startLine, offset: statement.startOffset)
            try runAlone(statement, step: step, on: connection)
        }
        try markComplete(step, addingMS: sink.elapsedMS(since: started), on: connection)
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
