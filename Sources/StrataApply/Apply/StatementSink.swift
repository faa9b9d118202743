import Foundation
import StrataBundle

/// Where a run's statements go: to the server (`LiveSink`), or printed for `--dry-run` as the
/// script the server would get (`DryRunSink`). `StepRunner` decides what goes out and when, the
/// same for both, so a dry run cannot drift from the real one; a sink only carries it out.
///
/// The connection comes with each call instead of being held: `Connection` is `~Copyable`, and a
/// stored borrow of it cannot be written. Errors are the server's own; the runner turns them into
/// located failures, since only it knows the step, its phase and where the database stays.
protocol StatementSink {
    /// Runs `sql` on its own: transaction control, bookkeeping rows, session settings. Returns
    /// the rows it affected (0 when the server reports no count), nil when nothing ran.
    @discardableResult
    func execute(_ sql: String, on connection: borrowing Connection) throws(PostgresError) -> Int?

    /// Sends transactional statements as one batch without waiting for their results;
    /// `finishBatch` reads them.
    mutating func send(_ batch: StatementBatch, on connection: borrowing Connection) throws(PostgresError)
    /// Reads the results of the batch `send` left in flight; the error names the failing
    /// statement's index in that batch.
    mutating func finishBatch(on connection: borrowing Connection) throws(PostgresError)

    /// Runs a statement outside any transaction. `build` is set for a concurrent index build,
    /// whose INVALID leftover from a failed earlier build is dropped first.
    func runAlone(
        _ statement: ScriptStatement, rebuilding build: ConcurrentIndexBuild?, on connection: borrowing Connection
    ) throws(PostgresError)

    /// `COPY ... FROM STDIN`: the statement, then its data chunk by chunk, then the end.
    mutating func beginCopy(_ statement: ScriptStatement, on connection: borrowing Connection) throws(PostgresError)
    /// `progress` is where the COPY now is, as `ApplyObserver.statementStarted` takes it.
    func putCopyData(
        _ bytes: [UInt8], progress: StatementProgress, on connection: borrowing Connection
    ) throws(PostgresError)
    /// `dataBytes` is how much data the COPY carried.
    mutating func endCopy(dataBytes: Int, on connection: borrowing Connection) throws(PostgresError)

    /// Abandons what is on its way (a batch in flight, a COPY) and, when `transactionOpen`,
    /// rolls the transaction back; never fails (after a lost connection the server already has).
    mutating func rollback(transactionOpen: Bool, on connection: borrowing Connection)

    /// Inside the open transaction, before its COMMIT: `sql` fails unless the run still holds the
    /// apply lock (`LockSession.commitGuardSQL`).
    func guardCommit(_ sql: String, on connection: borrowing Connection) throws(PostgresError)

    /// Puts the session back as every revision starts from (`sql` resets and sets it).
    func restoreSession(_ sql: String, on connection: borrowing Connection) throws(PostgresError)

    /// The server's notices since the last call (none when nothing ran).
    func drainNotices(on connection: borrowing Connection) -> [Notice]

    /// Whether the database shows `condition` now: the lock was lost, or an earlier run already
    /// got past a statement. Only a live run asks; a dry run reads nothing back and shows the run
    /// for the state the plan was made from, where the answer is no.
    func finds<E: Error>(
        on connection: borrowing Connection, _ condition: (borrowing Connection) throws(E) -> Bool
    ) throws(E) -> Bool

    /// Milliseconds since `start`, for `execution_ms` and "done in"; nil when nothing ran.
    func elapsedMS(since start: Date) -> Int64?

    /// The statement count `count` gives, for "statement i of n"; nil for a dry run, which prints
    /// the statements instead (no second pass over the script).
    func statementCount<E: Error>(_ count: () throws(E) -> Int) throws(E) -> Int?

    /// A line only the dry-run script has: a `--` comment saying what the SQL around it does, or
    /// a blank line between revisions.
    func comment(_ line: String)

    /// What a live run did besides the script: resumed a revision, skipped a statement an earlier
    /// run got past. A dry run does none of it (its `comment`s say what would happen).
    func cleanedUp(_ message: String)
}

/// Where in the script a statement (or a COPY's data) is, for progress.
struct StatementProgress {
    /// 1-based within the step.
    var number: Int
    var line: Int
    /// Bytes into the script.
    var offset: Int
}
