import StrataBundle

/// `COPY ... FROM STDIN` in a script: the statement, its data streamed chunk by chunk as the
/// splitter yields it, then the end. Never pipelined: the data follows the statement.
extension StepRunner {
    mutating func beginCopy(
        _ statement: ScriptStatement, step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        if request.dryRun {
            if statement.isNonTransactional { observer.dryRun("-- outside a transaction") }
            observer.dryRun(Self.terminated(statement.text))
            return
        }
        copyBytes = 0
        do {
            try connection.beginCopy(statement.text)
            copyInProgress = true
        } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }

    mutating func copyData(
        _ bytes: [UInt8], statement: ScriptStatement, step: ApplyStep,
        on connection: borrowing Connection
    ) throws(ApplyFailure) {
        copyBytes += bytes.count
        if request.dryRun { return }
        observer.statementStarted(number: copyNumber, line: statement.startLine, offset: statement.startOffset + copyBytes)
        do { try connection.putCopyData(bytes) } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }

    mutating func endCopy(
        statement: ScriptStatement, step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        if request.dryRun {
            observer.dryRun("-- (\(copyBytes) bytes of COPY data from the script)")
            observer.dryRun("\\.")
            copyBytes = 0
            return
        }
        do {
            copyInProgress = false
            try connection.endCopy()
            forwardNotices(on: connection, step: step, statements: [statement])
        } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }
}
