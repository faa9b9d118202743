import StrataBundle

/// How a failing statement is reported.
extension StepRunner {
    /// A failing statement as the user needs it: file:line:column, SQLSTATE, message, detail,
    /// hint, and where the database is now.
    func failure(
        _ error: PostgresError, statement: ScriptStatement, step: ApplyStep, committedPart: Bool, alone: Bool
    ) -> ApplyFailure {
        let file = context.bundle.displayPath.isEmpty
            ? step.script.file : context.bundle.displayPath + "/" + step.script.file
        var (line, column) = (statement.startLine, statement.startColumn)
        if let position = error.position { (line, column) = statement.location(ofCharacterPosition: position) }
        var lines: [String] = []
        // FATAL errors (administrator shutdown, terminated backend) and class 08 end the session too.
        let sessionEnded = error.kind == .connection || error.severity == "FATAL" || error.severity == "PANIC"
            || error.sqlState?.hasPrefix("08") == true
        if sessionEnded {
            let state = error.sqlState.map { " \($0)" } ?? ""
            lines.append("\(file):\(line):\(column): error\(state): the connection was lost during \(step.revision.id): "
                + error.message)
            lines.append("The server rolls back the open transaction: the database is at \(fallback ?? "base")"
                + (committedPart || alone ? " plus what ran outside a transaction" : "")
                + ". Run apply again to continue from there.")
            return ApplyFailure(.database, lines.joined(separator: "\n"), hasLocation: true)
        }
        let state = error.sqlState.map { " \($0)" } ?? ""
        lines.append("\(file):\(line):\(column): error\(state): \(error.message)")
        if let detail = error.detail { lines.append("DETAIL: \(detail)") }
        if let hint = error.hint { lines.append("HINT: \(hint)") }
        if let context = error.context { lines.append("CONTEXT: \(context)") }
        if request.singleTransaction {
            lines.append("The single transaction was rolled back: the database is still at \(fallback ?? "base").")
        } else if alone || committedPart {
            lines.append(
                (alone ? "This statement runs outside a transaction" : "This revision runs partly outside a transaction")
                    + (committedPart
                        ? ", so it is partly applied: what ran before line \(statement.startLine) of \(step.script.file) "
                            + "is committed, its version row was not written, and the database still reports "
                        : "; nothing of it was committed before this statement, and the database is still at ")
                    + "\(fallback ?? "base").")
            if let build = ConcurrentIndexBuild(statement: statement.text) {
                lines.append(
                    "A failed CREATE INDEX CONCURRENTLY leaves the index \(build.name) INVALID; the next apply drops "
                        + "it before building it again. Fix the cause (for a unique index: the duplicate rows), then "
                        + "run apply again.")
            } else {
                lines.append("Fix the cause, then run apply again: the statements before it must be safe to repeat "
                    + "(IF NOT EXISTS), or be undone by hand first.")
            }
        } else {
            lines.append("\(step.revision.id) was rolled back: the database is still at \(fallback ?? "base").")
        }
        return ApplyFailure(.database, lines.joined(separator: "\n"), hasLocation: true)
    }
}
