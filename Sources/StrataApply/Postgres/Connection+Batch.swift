internal import CLibPQ

/// A batch of statements sent as one simple-protocol Query message, whose results are still to
/// be read (`Connection.finishBatch`).
public struct SentBatch: Sendable {
    /// The statements of the message, to map an error position back to its statement.
    let statements: [String]
    /// How many statements the message holds.
    public var count: Int { statements.count }
}

/// Statements sent together as one `Query` message (`stmt\n;\nSELECT;\nstmt\n;\nSELECT;\n...`):
/// one round trip per batch, like a libpq pipeline, but through the simple protocol psql uses. Through the extended
/// protocol every statement costs the server a Parse and a Bind besides its execution; measured
/// with `log_min_duration_statement = 0` on the 1,000-table DDL revision, Bind alone added 0.4-0.7
/// ms per utility statement, 10-12% of the server's time (bench/README.md).
/// On a failure the server logs the whole message as the failing statement.
extension Connection {
    /// Sends `statements` (each without its `;`) as one message and returns at once: the caller
    /// may prepare the next batch while the server runs this one, then read the results with
    /// `finishBatch`. Nothing else may be sent on the connection in between.
    ///
    /// The statements run in the open transaction; outside one, the server wraps the message in an
    /// implicit transaction. A statement must not be `COPY ... FROM STDIN`.
    public func sendBatch(_ statements: [String]) throws(PostgresError) -> SentBatch {
        var text = ""
        text.reserveCapacity(statements.reduce(0) { $0 + $1.utf8.count + Self.batchSeparator.utf8.count })
        for statement in statements {
            text += statement
            text += Self.batchSeparator
        }
        // `withCString` lends the native string's own bytes; passing `text` itself would copy it
        // into a fresh C array first (up to a megabyte per batch of INSERTs).
        countRoundTrip()
        guard text.withCString({ PQsendQuery(handle, $0) }) == 1 else { throw connectionError(statementIndex: 0) }
        return SentBatch(statements: statements)
    }

    /// What follows each statement: the `;` on a line of its own, since a statement may end in a
    /// `--` comment, then an empty `SELECT`. libpq handles a NoticeResponse the moment it parses it,
    /// also past a finished result it has not handed out yet; without the `SELECT`, whose row
    /// description stops that parse, a notice raised first thing by the next statement would be
    /// taken for the previous statement's. It costs the server a trivial query per statement,
    /// far less than the extended protocol's Parse and Bind.
    static let batchSeparator = "\n;\nSELECT;\n"

    /// Reads the results of a batch from `sendBatch`, in order. Throws the first failure with
    /// `statementIndex` (0-based, into the batch) and its error position made relative to that
    /// statement; the server skips the rest of the message after a failure.
    @discardableResult
    public func finishBatch(_ batch: SentBatch) throws(PostgresError) -> [PipelinedStatementResult] {
        var outcomes: [PipelinedStatementResult] = []
        outcomes.reserveCapacity(batch.count)
        var firstError: PostgresError?
        // A statement's notices are parsed before its result is handed out, and (thanks to the
        // separator's SELECT) not before the previous statement's: tag them with the number of
        // statements whose results were read.
        let noticeContext = context.takeUnretainedValue()
        defer { noticeContext.statementIndex = nil }
        noticeContext.statementIndex = 0
        var expectingSeparator = false
        while let result = PQgetResult(handle) {
            defer {
                PQclear(result)
                noticeContext.statementIndex = min(outcomes.count, batch.count - 1)
            }
            if expectingSeparator {
                expectingSeparator = false
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                expectingSeparator = true
                outcomes.append(
                    PipelinedStatementResult(
                        commandTag: String(cString: PQcmdStatus(result)),
                        affectedRows: Int(String(cString: PQcmdTuples(result)))))
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                abandonCopy()
                if firstError == nil {
                    firstError = PostgresError(
                        kind: .usage, message: "COPY must run through beginCopy/putCopyData/endCopy",
                        statementIndex: outcomes.count)
                }
            default:
                if firstError == nil { firstError = locate(statementError(from: result), in: batch, completed: outcomes.count) }
            }
        }
        if let firstError { throw firstError }
        if PQstatus(handle) != CONNECTION_OK { throw connectionError(statementIndex: outcomes.count) }
        return outcomes
    }

    /// Sends a batch and reads its results.
    @discardableResult
    public func executeBatch(_ statements: [String]) throws(PostgresError) -> [PipelinedStatementResult] {
        guard !statements.isEmpty else { return [] }
        return try finishBatch(try sendBatch(statements))
    }

    /// Reads and drops the results of a batch (after another failure, before `ROLLBACK`).
    public func discardBatch(_ batch: SentBatch) {
        drainResults()
    }

    /// Which statement of the batch failed: the one holding the error position when there is one
    /// (a syntax error anywhere stops the whole message before any of it runs), else the one after
    /// the last that completed.
    private func locate(_ error: PostgresError, in batch: SentBatch, completed: Int) -> PostgresError {
        var located = error
        located.statementIndex = min(completed, batch.count - 1)
        guard let position = error.position else { return located }
        // The statement holding the position: walk the offsets up from the first.
        var index = 0
        var start = 0
        while index + 1 < batch.count {
            let next = start + batch.statements[index].unicodeScalars.count + Self.batchSeparator.count
            if next >= position { break }
            start = next
            index += 1
        }
        located.statementIndex = index
        located.position = position - start
        return located
    }
}
