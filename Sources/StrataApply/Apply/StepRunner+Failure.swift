import StrataBundle
import StrataCore

/// How a failing statement is reported.
extension StepRunner {
    /// A failing statement as the user needs it: file:line:column, SQLSTATE, message, detail,
    /// hint, and where the database is now.
    func failure(_ error: PostgresError, statement: ScriptStatement, step: ApplyStep) -> ApplyFailure {
        var (line, column) = (statement.startLine, statement.startColumn)
        if let position = error.position { (line, column) = statement.location(ofCharacterPosition: position) }
        let location = SourceLocation(file: context.shownPath(of: step.script.file), line: line, column: column)
        if lockSession.lost != nil {
            // The heartbeat found the lock gone and cancelled this statement.
            var lost = lockLost("while \(step.revision.id) ran")
            lost.location = location
            return lost
        }
        var lines: [String] = []
        // FATAL errors (administrator shutdown, terminated backend) and class 08 end the session too.
        let sessionEnded = error.kind == .connection || error.severity == "FATAL" || error.severity == "PANIC"
            || error.sqlState?.hasPrefix("08") == true
        if sessionEnded {
            let state = error.sqlState.map { "\($0): " } ?? ""
            let headline = "\(state)the connection was lost during \(step.revision.id): " + error.message
            if phase == .suffix {
                lines.append(incompleteExplanation(step, statement: statement))
            } else {
                lines.append("The server rolls back the open transaction: the database is \(databaseIs(fallback))"
                    + (phase == .prefix || prefixRan ? " (the prefix statements that ran alone are safe to repeat)" : "")
                    + ". Run apply again to continue from there.")
            }
            return ApplyFailure(.database, headline, at: location, notes: lines, sqlState: error.sqlState)
        }
        let state = error.sqlState.map { "\($0): " } ?? ""
        if let detail = error.detail { lines.append("DETAIL: \(detail)") }
        if let hint = error.hint { lines.append("HINT: \(hint)") }
        if let context = error.context { lines.append("CONTEXT: \(context)") }
        if error.sqlState == "57014", request.interruption?.isRequested == true {
            return ApplyFailure(
                .interrupted, "interrupted (Ctrl-C or SIGTERM): the server cancelled this statement", at: location,
                notes: afterInterruption(step, cancelling: statement), sqlState: error.sqlState)
        }
        lines += whereTheDatabaseIs(step, statement: statement)
        var failure = ApplyFailure(.database, state + error.message, at: location, notes: lines, sqlState: error.sqlState)
        failure.failedStatement = statement.text
        return failure
    }

    /// Where a failure at `statement` leaves the database, by the part of the script it is in, and
    /// what to do next.
    func whereTheDatabaseIs(_ step: ApplyStep, statement: ScriptStatement) -> [String] {
        var lines: [String] = []
        if request.singleTransaction {
            lines.append("The single transaction was rolled back: the database is \(databaseIs(fallback)).")
        } else if phase == .prefix {
            lines.append(
                "This statement runs alone, before \(step.revision.id)'s transaction (its prefix); nothing of the "
                    + "revision is recorded, and the database is \(databaseIs(fallback)). The prefix statements "
                    + "are safe to repeat (IF NOT EXISTS / IF EXISTS).")
            if let build = ConcurrentIndexBuild(statement: statement.text) {
                lines.append(
                    "A failed CREATE INDEX CONCURRENTLY leaves the index \(build.name) INVALID; the next apply drops "
                        + "it before building it again.")
            }
            lines.append("Fix the cause, then run apply again.")
        } else if phase == .suffix {
            lines.append(incompleteExplanation(step, statement: statement))
        } else {
            lines.append(
                "\(step.revision.id) was rolled back: the database is \(databaseIs(fallback))"
                    + (prefixRan ? " (its prefix, run alone before the transaction, is safe to repeat)." : "."))
        }
        return lines
    }

    /// Stops the run when the operator interrupted it between statements (a statement running at
    /// the time was cancelled by the server and fails as 57014 instead).
    /// `streaming` is a COPY whose data is being sent: it is abandoned, not yet to be run.
    func stopIfInterrupted(before statement: ScriptStatement, step: ApplyStep, streaming: Bool = false)
        throws(ApplyFailure)
    {
        guard request.interruption?.isRequested == true else { return }
        throw ApplyFailure(
            .interrupted,
            "interrupted (Ctrl-C or SIGTERM) " + (streaming ? "while this COPY's data was sent" : "before this statement ran"),
            at: location(of: statement, in: step.script.file), notes: afterInterruption(step, cancelling: nil))
    }

    /// Where an interrupted run leaves the database: nothing to fix, only to run again. `phase` is
    /// the part of the script the run was in (before a statement: the one before it), which says
    /// whether a transaction was open.
    /// `cancelled` is the statement the server was running, if any.
    private func afterInterruption(_ step: ApplyStep, cancelling cancelled: ScriptStatement?) -> [String] {
        let id = step.revision.id
        var lines: [String] = []
        if request.singleTransaction {
            lines.append("The single transaction is rolled back: the database is \(databaseIs(fallback)).")
        } else if phase == .body {
            lines.append("\(id)'s transaction is rolled back: the database is \(databaseIs(fallback)).")
        } else if phase == .suffix {
            lines.append(
                "\(id) is recorded as applied but incomplete (its transaction committed; the statements after it "
                    + "had not all run): `strata apply` finishes them first, then goes on.")
        } else {
            lines.append(
                "Nothing of \(id) is recorded: the database is \(databaseIs(fallback))"
                    + (prefixRan ? " (the statements of its prefix that ran are safe to repeat)." : "."))
        }
        if let cancelled, let build = ConcurrentIndexBuild(statement: cancelled.text) {
            lines.append("The cancelled build leaves the index \(build.name) INVALID; the next apply drops it first.")
        }
        lines.append("Run `strata apply` again to continue from there.")
        return lines
    }

    /// Where `statement` starts, with the file as messages show it.
    func location(of statement: ScriptStatement, in file: String) -> SourceLocation {
        SourceLocation(file: context.shownPath(of: file), line: statement.startLine, column: statement.startColumn)
    }

    /// What a failure in a suffix (or while resuming one) leaves, and how it is finished.
    func incompleteExplanation(_ step: ApplyStep, statement: ScriptStatement) -> String {
        var text = "This statement runs alone, after \(step.revision.id)'s transaction (its suffix): \(step.revision.id) "
            + "is recorded as applied but incomplete. "
        if let build = ConcurrentIndexBuild(statement: statement.text) {
            text += "The failed CREATE INDEX CONCURRENTLY leaves the index \(build.name) INVALID; it is dropped and "
                + "built again. "
        }
        text += "Fix the cause (for a unique index: the duplicate rows; for a constraint being validated or a column "
            + "set NOT NULL: the rows that violate it), then run `strata apply`: it resumes "
            + "\(step.revision.id) first (its suffix runs again) and then continues. `strata status` reports it "
            + "as incomplete meanwhile."
        return text
    }
}
