internal import CLibPQ

/// What one statement of a pipelined batch returned.
public struct PipelinedStatementResult: Sendable, Equatable {
    public var commandTag: String
    public var affectedRows: Int?
}

/// libpq pipeline mode: send a batch of single statements without waiting for each reply.
extension Connection {
    /// Sends every statement with `PQsendQueryParams` (no parameters, one statement each), then one
    /// `PQpipelineSync`, and collects the results in order.
    ///
    /// The batch is one implicit transaction on the server unless it contains its own
    /// `BEGIN`/`COMMIT`; after a failure the rest of the batch is skipped. Throws the first failure
    /// with `statementIndex` set (0-based index into `statements`). The connection leaves pipeline
    /// mode before returning or throwing.
    public func executePipelined(_ statements: [String]) throws(PostgresError) -> [PipelinedStatementResult] {
        guard !statements.isEmpty else { return [] }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        countRoundTrip()
        var firstError: PostgresError?
        var sent = 0
        for statement in statements {
            guard PQsendQueryParams(handle, statement, 0, nil, nil, nil, nil, 0) == 1 else {
                firstError = connectionError(statementIndex: sent)
                break
            }
            sent += 1
        }
        guard PQpipelineSync(handle) == 1 else {
            let error = firstError ?? connectionError()
            _ = PQexitPipelineMode(handle)
            throw error
        }
        var outcomes: [PipelinedStatementResult] = []
        // A statement's notices arrive while its results are read: tag them with its index.
        let noticeContext = context.takeUnretainedValue()
        defer { noticeContext.statementIndex = nil }
        for index in 0..<sent {
            noticeContext.statementIndex = index
            var sawResult = false
            while let result = PQgetResult(handle) {
                sawResult = true
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                    outcomes.append(
                        PipelinedStatementResult(
                            commandTag: String(cString: PQcmdStatus(result)),
                            affectedRows: Int(String(cString: PQcmdTuples(result)))))
                case PGRES_PIPELINE_ABORTED:
                    break
                default:
                    if firstError == nil { firstError = statementError(from: result, statementIndex: index) }
                }
            }
            if !sawResult, PQstatus(handle) != CONNECTION_OK {
                let error = firstError ?? connectionError(statementIndex: index)
                _ = PQexitPipelineMode(handle)
                throw error
            }
        }
        try awaitSync(firstError: firstError)
        if let firstError { throw firstError }
        return outcomes
    }

    /// Consumes results up to the sync marker and leaves pipeline mode.
    private func awaitSync(firstError: PostgresError?) throws(PostgresError) {
        // Each query's results end with one NULL, which the caller consumed; a second NULL in a
        // row means libpq has nothing more to give, so stop rather than spin.
        var consecutiveNulls = 0
        while true {
            guard let result = PQgetResult(handle) else {
                consecutiveNulls += 1
                if PQstatus(handle) != CONNECTION_OK || consecutiveNulls > 1 {
                    _ = PQexitPipelineMode(handle)
                    throw firstError ?? connectionError()
                }
                continue
            }
            consecutiveNulls = 0
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if PQexitPipelineMode(handle) != 1 {
            drainResults()
            guard PQexitPipelineMode(handle) == 1 else { throw firstError ?? connectionError() }
        }
    }
}
