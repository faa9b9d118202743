import StrataBundle

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
