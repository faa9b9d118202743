import Foundation
import StrataBundle
import StrataCore

/// Runs the statements on the server: pipelined batches inside a transaction
/// (`Connection.sendBatch`), plain `PQexec` for a statement alone, COPY through libpq's copy calls.
struct LiveSink: StatementSink {
    let observer: any ApplyObserver
    /// The batch sent and not yet read (`finishBatch`); the server runs it meanwhile.
    private var inFlight: SentBatch?
    /// True between a successful `beginCopy` and its end: a rollback then must end the COPY first.
    private var copyInProgress = false

    init(observer: any ApplyObserver) {
        self.observer = observer
    }

    func execute(_ sql: String, on connection: borrowing Connection) throws(PostgresError) -> Int? {
        try connection.execute(sql).affectedRows ?? 0
    }

    mutating func send(_ batch: StatementBatch, on connection: borrowing Connection) throws(PostgresError) {
        if let first = batch.statements.first, let number = batch.numbers.first {
            observer.statementStarted(number: number, line: first.startLine, offset: first.startOffset)
        }
        inFlight = try connection.sendBatch(batch.statements.map(\.text))
    }

    mutating func finishBatch(on connection: borrowing Connection) throws(PostgresError) {
        guard let sent = inFlight else { return }
        inFlight = nil
        try connection.finishBatch(sent)
    }

    func runAlone(
        _ statement: ScriptStatement, rebuilding build: ConcurrentIndexBuild?, on connection: borrowing Connection
    ) throws(PostgresError) {
        if let build { try dropInvalidIndex(build, on: connection) }
        _ = try connection.execute(statement.text)
    }

    /// Drops the INVALID index a failed concurrent build of the same index left behind: with
    /// `IF NOT EXISTS` the retry would otherwise skip it and leave the index unusable.
    private func dropInvalidIndex(_ build: ConcurrentIndexBuild, on connection: borrowing Connection)
        throws(PostgresError)
    {
        let result = try connection.execute(
            """
            SELECT n.nspname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND c.relname = $1 AND n.nspname = coalesce($2, current_schema())
            """, parameters: [build.name, build.schema])
        guard result.rowCount > 0, let schema = result.value(row: 0, column: 0) else { return }
        let name = Identifier.qualified(schema, build.name)
        _ = try connection.execute("DROP INDEX CONCURRENTLY IF EXISTS \(name)")
        observer.cleanedUp("dropped the INVALID index \(name) left by a failed concurrent build, before building it again")
    }

    mutating func beginCopy(_ statement: ScriptStatement, on connection: borrowing Connection) throws(PostgresError) {
        try connection.beginCopy(statement.text)
        copyInProgress = true
    }

    func putCopyData(
        _ bytes: [UInt8], progress: StatementProgress, on connection: borrowing Connection
    ) throws(PostgresError) {
        observer.statementStarted(number: progress.number, line: progress.line, offset: progress.offset)
        try connection.putCopyData(bytes)
    }

    mutating func endCopy(dataBytes: Int, on connection: borrowing Connection) throws(PostgresError) {
        // Over either way: a failed end is not cancelled again by the rollback that follows.
        copyInProgress = false
        _ = try connection.endCopy()
    }

    mutating func rollback(transactionOpen: Bool, on connection: borrowing Connection) {
        if let sent = inFlight {
            inFlight = nil
            connection.discardBatch(sent)
        }
        if copyInProgress {
            copyInProgress = false
            connection.cancelCopy(reason: "strata apply stopped")
        }
        if transactionOpen { _ = try? connection.execute("ROLLBACK") }
    }

    func guardCommit(_ sql: String, on connection: borrowing Connection) throws(PostgresError) {
        _ = try connection.execute(sql)
    }

    func restoreSession(_ sql: String, on connection: borrowing Connection) throws(PostgresError) {
        _ = try connection.execute(sql)
    }

    func drainNotices(on connection: borrowing Connection) -> [Notice] { connection.drainNotices() }

    func finds<E: Error>(
        on connection: borrowing Connection, _ condition: (borrowing Connection) throws(E) -> Bool
    ) throws(E) -> Bool {
        try condition(connection)
    }

    func elapsedMS(since start: Date) -> Int64? { Int64((Date().timeIntervalSince(start) * 1000).rounded()) }

    func statementCount<E: Error>(_ count: () throws(E) -> Int) throws(E) -> Int? { try count() }

    func comment(_ line: String) {}

    func cleanedUp(_ message: String) { observer.cleanedUp(message) }
}
