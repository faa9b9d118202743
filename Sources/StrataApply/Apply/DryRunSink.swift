import Foundation
import StrataBundle

/// `--dry-run`: prints, through the observer, the SQL a live run would send and in what order,
/// with `--` comments for what only the server would do (the session reset, a COPY's data).
/// Runs nothing: the connection is only read, for the header.
struct DryRunSink: StatementSink {
    let observer: any ApplyObserver

    init(observer: any ApplyObserver) {
        self.observer = observer
    }

    /// The lines before the first revision: what runs, under which lock, and the bookkeeping
    /// the real run would create (nothing when both the schema and the version table exist).
    func printHeader(
        plan: ApplyPlan, lockKey: Int64, from: String?, to: String?, context: BundleContext,
        on connection: borrowing Connection
    ) throws(ApplyFailure) {
        observer.dryRun("-- strata apply --dry-run: nothing below has been run")
        observer.dryRun(
            "-- from \(from ?? "base") to \(to ?? "base"): \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s")")
        observer.dryRun("-- holding pg_advisory_lock(\(lockKey)) (\"strata:\(context.schema)\") for the whole run")
        let rows = context.versionRows
        let schemaExists: Bool
        let tableExists: Bool
        do {
            schemaExists = try rows.schemaExists(on: connection)
            tableExists = schemaExists ? try rows.tableExists(on: connection) : false
        } catch {
            throw .connection(error, while: "could not read \(rows.qualifiedName)")
        }
        if !schemaExists {
            observer.dryRun("-- creates schema \(rows.schema) and \(rows.qualifiedName) (both missing)")
        } else if !tableExists {
            observer.dryRun("-- creates \(rows.qualifiedName) (missing)")
        }
    }

    func execute(_ sql: String, on connection: borrowing Connection) -> Int? {
        show(sql)
        return nil
    }

    func send(_ batch: StatementBatch, on connection: borrowing Connection) {
        for statement in batch.statements { show(statement.text) }
    }

    func finishBatch(on connection: borrowing Connection) {}

    func runAlone(_ statement: ScriptStatement, rebuilding build: ConcurrentIndexBuild?, on connection: borrowing Connection) {
        if let build {
            comment("-- outside a transaction; first drops index \(build.name) if a failed earlier build left it INVALID")
        } else {
            comment("-- outside a transaction")
        }
        show(statement.text)
    }

    func beginCopy(_ statement: ScriptStatement, on connection: borrowing Connection) {
        if statement.isNonTransactional { comment("-- outside a transaction") }
        show(statement.text)
    }

    func putCopyData(_ bytes: [UInt8], progress: StatementProgress, on connection: borrowing Connection) {}

    func endCopy(dataBytes: Int, on connection: borrowing Connection) {
        comment("-- (\(dataBytes) bytes of COPY data from the script)")
        observer.dryRun("\\.")
    }

    func rollback(transactionOpen: Bool, on connection: borrowing Connection) {}

    func guardCommit(_ sql: String, on connection: borrowing Connection) {
        comment("-- (the COMMIT below happens only while this run still holds the apply lock, checked here)")
    }

    func restoreSession(_ sql: String, on connection: borrowing Connection) {
        comment("-- RESET ALL, the role and strata's session settings: each revision starts from the same session")
    }

    func drainNotices(on connection: borrowing Connection) -> [Notice] { [] }

    func finds<E: Error>(
        on connection: borrowing Connection, _ condition: (borrowing Connection) throws(E) -> Bool
    ) -> Bool {
        false
    }

    func elapsedMS(since start: Date) -> Int64? { nil }

    func statementCount<E: Error>(_ count: () throws(E) -> Int) -> Int? { nil }

    func comment(_ line: String) { observer.dryRun(line) }

    func cleanedUp(_ message: String) {}

    /// One statement as a line of the script: `;`-terminated, without trailing blanks.
    private func show(_ sql: String) { observer.dryRun(Self.terminated(sql)) }

    static func terminated(_ sql: String) -> String {
        var text = sql
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text.hasSuffix(";") ? text : text + ";"
    }
}
