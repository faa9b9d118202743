import StrataBundle

/// `COPY ... FROM STDIN` in a script: the statement, its data streamed chunk by chunk as the
/// splitter yields it, then the end. Never pipelined: the data follows the statement.
extension StepRunner {
    /// `number` is the statement's number in the script, for progress while its data streams.
    mutating func beginCopy(
        _ statement: ScriptStatement, number: Int, step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        copyBytes = 0
        copyNumber = number
        do { try sink.beginCopy(statement, on: connection) } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }

    mutating func copyData(
        _ bytes: [UInt8], statement: ScriptStatement, step: ApplyStep,
        on connection: borrowing Connection
    ) throws(ApplyFailure) {
        copyBytes += bytes.count
        let progress = StatementProgress(
            number: copyNumber, line: statement.startLine, offset: statement.startOffset + copyBytes)
        do { try sink.putCopyData(bytes, progress: progress, on: connection) } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }

    mutating func endCopy(
        statement: ScriptStatement, step: ApplyStep, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        do {
            try sink.endCopy(dataBytes: copyBytes, on: connection)
            forwardNotices(on: connection, step: step, statements: [statement])
        } catch {
            rollback(on: connection)
            throw failure(error, statement: statement, step: step)
        }
    }
}
