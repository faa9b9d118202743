import Foundation
internal import CLibPQ

/// One libpq connection. Owns its `PGconn` and finishes it exactly once: on a failed connect
/// inside `init`, in `close()`, or in `deinit` when dropped.
///
/// Server notices are captured in order (not printed by libpq) and read with `drainNotices()`.
public struct Connection: ~Copyable {
    let handle: OpaquePointer
    /// One retain held from `init` until after `PQfinish`.
    let context: Unmanaged<ConnectionContext>

    /// Connects with `settings`; throws a `.connection` error with the password scrubbed.
    public init(settings: ConnectionSettings) throws(PostgresError) {
        // Later keywords override earlier ones, and `expand_dbname` lets the URL override these
        // defaults; without a URL, libpq reads PG* variables and the service file by itself.
        var pairs: [(String, String)] = [
            ("fallback_application_name", settings.applicationName),
            ("client_encoding", "UTF8"),
        ]
        if let timeout = settings.defaultConnectTimeout { pairs.append(("connect_timeout", timeout)) }
        if let connectionString = settings.connectionString { pairs.append(("dbname", connectionString)) }
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordArray = keywords.map { UnsafePointer($0) } + [nil]
        let valueArray = values.map { UnsafePointer($0) } + [nil]
        let expand: Int32 = settings.connectionString == nil ? 0 : 1
        guard let connection = PQconnectdbParams(keywordArray, valueArray, expand) else {
            throw PostgresError(kind: .connection, message: "out of memory while connecting")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            var message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
            if message.contains("timeout expired") {
                let seconds = Self.option("connect_timeout", of: connection) ?? "?"
                message += "\nThe server did not answer within connect_timeout (\(seconds) s). Check that the host "
                    + "and port are PostgreSQL's; to wait longer, set connect_timeout in the URL or PGCONNECT_TIMEOUT "
                    + "(strata's default: \(ConnectionSettings.defaultConnectTimeoutSeconds) s)."
            }
            PQfinish(connection)
            throw PostgresError(
                kind: .connection,
                message: "could not connect to \(settings.redactedDescription): \(settings.scrub(message))")
        }
        self.handle = connection
        self.context = Unmanaged.passRetained(ConnectionContext(settings: settings))
        PQsetNoticeReceiver(connection, strataNoticeReceiver, context.toOpaque())
    }

    /// The value libpq used for connection option `keyword` (nil when unset).
    static func option(_ keyword: String, of connection: OpaquePointer) -> String? {
        guard let options = PQconninfo(connection) else { return nil }
        defer { PQconninfoFree(options) }
        var index = 0
        while let name = options[index].keyword {
            if String(cString: name) == keyword { return options[index].val.map { String(cString: $0) } }
            index += 1
        }
        return nil
    }

    deinit {
        PQfinish(handle)
        context.release()
    }

    /// Closes the connection now.
    public consuming func close() {
        PQfinish(handle)
        context.release()
        discard self
    }

    /// A second connection to the same database with the same settings (apply holds its lock on
    /// one, so that nothing a script runs on the first can release it).
    public func openAnother() throws(PostgresError) -> Connection {
        try Connection(settings: context.takeUnretainedValue().settings)
    }

    // MARK: - State

    /// The transaction state libpq tracked from the last server message.
    public enum TransactionStatus: Sendable, Equatable {
        case idle, active, inTransaction, inFailedTransaction, unknown
    }

    public var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .inFailedTransaction
        default: .unknown
        }
    }

    /// The server process id (for `pg_stat_activity`, `pg_locks`, `pg_cancel_backend`).
    public var backendPID: Int { Int(PQbackendPID(handle)) }

    /// `server_version_num`-style number, e.g. 180006.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// How many times this connection sent the server something and waited for its answer: one
    /// per statement, batch, pipeline or COPY. Tests assert with it that catalog reads take a
    /// fixed number of round trips whatever the size of the schema.
    public var roundTrips: Int { context.takeUnretainedValue().roundTrips }

    /// Counts one round trip (see `roundTrips`).
    func countRoundTrip() { context.takeUnretainedValue().roundTrips += 1 }

    /// True while the connection is usable.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Notices received so far, oldest first; clears the buffer.
    public func drainNotices() -> [Notice] {
        let box = context.takeUnretainedValue()
        defer { box.notices.removeAll() }
        return box.notices
    }

    // MARK: - Statements

    /// Runs `sql` with the simple query protocol (one statement is the intended use; with several,
    /// libpq returns only the last result). Empty or comment-only text succeeds.
    @discardableResult
    public func execute(_ sql: String) throws(PostgresError) -> QueryResult {
        countRoundTrip()
        let result = PQexec(handle, sql)
        return try checked(result)
    }

    /// Runs one statement with `$1...` parameters as text (nil is SQL NULL), extended protocol.
    @discardableResult
    public func execute(_ sql: String, parameters: [String?]) throws(PostgresError) -> QueryResult {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        countRoundTrip()
        let result = PQexecParams(handle, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
        return try checked(result)
    }

    /// Turns a finished `PGresult` into a `QueryResult` or the error it carries.
    func checked(_ result: OpaquePointer?) throws(PostgresError) -> QueryResult {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return QueryResult(handle: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            abandonCopy()
            throw PostgresError(kind: .usage, message: "COPY must run through beginCopy/putCopyData/endCopy")
        default:
            let error = statementError(from: result)
            PQclear(result)
            throw error
        }
    }

    /// The error carried by a failed result, fields scrubbed.
    func statementError(from result: OpaquePointer, statementIndex: Int? = nil) -> PostgresError {
        var message = resultField(result, CLIBPQ_DIAG_MESSAGE_PRIMARY)
            ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        let kind: PostgresError.Kind = PQstatus(handle) == CONNECTION_OK ? .statement : .connection
        // libpq's own "server closed the connection unexpectedly" hides why: put the server's reason first.
        if kind == .connection, let farewell = serverFarewell(),
            let reason = farewell.split(separator: ":", maxSplits: 1).last, !message.contains(reason.trimmingCharacters(in: .whitespaces))
        {
            message = farewell + "\n" + message
        }
        return PostgresError(
            kind: kind,
            severity: resultField(result, CLIBPQ_DIAG_SEVERITY),
            sqlState: resultField(result, CLIBPQ_DIAG_SQLSTATE),
            message: message.isEmpty ? currentErrorMessage() : message,
            detail: resultField(result, CLIBPQ_DIAG_MESSAGE_DETAIL),
            hint: resultField(result, CLIBPQ_DIAG_MESSAGE_HINT),
            position: resultField(result, CLIBPQ_DIAG_STATEMENT_POSITION).flatMap { Int($0) },
            context: resultField(result, CLIBPQ_DIAG_CONTEXT),
            statementIndex: statementIndex
        ).redacted(by: context.takeUnretainedValue().redactor)
    }

    /// libpq's connection-level message as an error (lost connection, send failure, ...).
    func connectionError(statementIndex: Int? = nil) -> PostgresError {
        let kind: PostgresError.Kind = PQstatus(handle) == CONNECTION_OK ? .statement : .connection
        return PostgresError(kind: kind, message: currentErrorMessage(), statementIndex: statementIndex)
            .redacted(by: context.takeUnretainedValue().redactor)
    }

    func currentErrorMessage() -> String {
        let text = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
        return text.isEmpty ? "unknown libpq error" : text
    }

    /// The server's last words when it ended the session (`FATAL:  terminating connection due to
    /// idle-session timeout`): libpq reads them as a result of the query that found the
    /// connection closed, then returns its own "server closed the connection unexpectedly"; the
    /// connection's error message keeps both.
    func serverFarewell() -> String? {
        String(cString: PQerrorMessage(handle)).split(separator: "\n")
            .first { $0.hasPrefix("FATAL:") || $0.hasPrefix("PANIC:") }
            .map { String($0).replacingOccurrences(of: ":  ", with: ": ") }
    }
}
