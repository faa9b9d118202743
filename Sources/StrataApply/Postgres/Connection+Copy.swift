internal import CLibPQ

/// `COPY ... FROM STDIN`: start the command, stream its data in chunks, then end it.
extension Connection {
    /// Sends a `COPY ... FROM STDIN` statement and leaves the connection waiting for data.
    public func beginCopy(_ sql: String) throws(PostgresError) {
        countRoundTrip()
        guard let result = PQexec(handle, sql) else { throw connectionError() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COPY_IN:
            return
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            throw PostgresError(kind: .usage, message: "statement is not COPY ... FROM STDIN")
        case PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy()
            throw PostgresError(kind: .usage, message: "only COPY ... FROM STDIN is supported")
        default:
            throw statementError(from: result)
        }
    }

    /// Sends one chunk of COPY data (any split of the data is fine; rows may span chunks).
    public func putCopyData(_ bytes: [UInt8]) throws(PostgresError) {
        guard !bytes.isEmpty else { return }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(handle, chars.baseAddress, Int32(chars.count))
            }
        }
        if status != 1 { throw connectionError() }
    }

    /// Ends the COPY successfully and returns its result (`COPY n`), or the server's error.
    @discardableResult
    public func endCopy() throws(PostgresError) -> QueryResult {
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        return try finalResult()
    }

    /// Aborts the COPY with `reason` (the server reports it as the error) and clears the state.
    public func cancelCopy(reason: String) {
        _ = PQputCopyEnd(handle, reason)
        drainResults()
    }

    /// Runs a whole COPY: the statement, then every chunk of `data`, then the end.
    @discardableResult
    public func copy(_ sql: String, data chunks: some Sequence<[UInt8]>) throws(PostgresError) -> QueryResult {
        try beginCopy(sql)
        for chunk in chunks {
            do { try putCopyData(chunk) } catch {
                cancelCopy(reason: "client failed while sending data")
                throw error
            }
        }
        return try endCopy()
    }

    /// Ends an unexpected COPY state so the connection stays usable: refuses a COPY FROM STDIN,
    /// reads and discards the rows of a COPY TO STDOUT.
    func abandonCopy() {
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let received = PQgetCopyData(handle, &buffer, 0)
            if let pointer = buffer { PQfreemem(pointer); buffer = nil }
            // -2: not in COPY OUT (so COPY IN: end it); -1: COPY OUT finished.
            if received == -2 {
                _ = PQputCopyEnd(handle, "strata: unexpected COPY")
                break
            }
            if received < 0 { break }
        }
        drainResults()
    }

    /// Reads results until libpq says there are none; returns the last meaningful one.
    func finalResult() throws(PostgresError) -> QueryResult {
        var last: OpaquePointer?
        while let result = PQgetResult(handle) {
            if let previous = last { PQclear(previous) }
            last = result
        }
        return try checked(last)
    }

    /// Discards pending results.
    func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }
}
