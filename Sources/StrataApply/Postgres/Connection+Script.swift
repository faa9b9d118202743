internal import CLibPQ

/// Several statements in one simple-protocol `Query` message whose rows are all wanted: the
/// catalog reads of `drift` send their queries this way, so a whole schema costs one round trip
/// however many tables it has.
extension Connection {
    /// Runs `sql` (statements separated by `;`, no parameters) as one message and returns, for
    /// every statement in order, the rows it returned (empty for a command). On a failure the
    /// server skips the rest of the message; the first error is thrown with `statementIndex`, the
    /// 0-based number of the statement that failed. An explicit transaction the message opened
    /// stays open (aborted) after a failure: the caller rolls it back.
    public func queryEach(_ sql: String) throws(PostgresError) -> [[[String?]]] {
        countRoundTrip()
        guard sql.withCString({ PQsendQuery(handle, $0) }) == 1 else { throw connectionError(statementIndex: 0) }
        var results: [[[String?]]] = []
        var firstError: PostgresError?
        while let pointer = PQgetResult(handle) {
            switch PQresultStatus(pointer) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                results.append(QueryResult(handle: pointer).rows)
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                PQclear(pointer)
                abandonCopy()
                if firstError == nil {
                    firstError = PostgresError(kind: .usage, message: "COPY cannot run in queryEach", statementIndex: results.count)
                }
            default:
                if firstError == nil { firstError = statementError(from: pointer, statementIndex: results.count) }
                PQclear(pointer)
            }
        }
        if let firstError { throw firstError }
        if PQstatus(handle) != CONNECTION_OK { throw connectionError(statementIndex: results.count) }
        return results
    }
}
