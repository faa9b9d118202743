import Foundation
import StrataBundle

/// The version row each step writes: in the step's transaction, so the row and the change commit
/// together; marked complete on its own once a suffix has run.
extension StepRunner {
    /// Inserts (up) or deletes (down) the version row in the step's transaction, opening one if
    /// the step had no transactional statement; returns the step's execution time so far (0 when
    /// nothing ran).
    mutating func writeVersionRow(
        _ step: ApplyStep, startedAt started: Date, complete: Bool, on connection: borrowing Connection
    ) throws(ApplyFailure) -> Int64 {
        if !inTransaction { try begin(on: connection) }
        let milliseconds = sink.elapsedMS(since: started) ?? 0
        let rows = context.versionRows
        let sql = step.direction == .up
            ? rows.insertSQL(for: step.revision, executionMS: milliseconds, complete: complete)
            : rows.deleteSQL(for: step.revision)
        if step.direction == .up { sink.comment("-- execution_ms is measured when it runs") }
        let affectedRows: Int?
        do { affectedRows = try sink.execute(sql, on: connection) } catch {
            throw ApplyFailure(
                .database,
                "could not record \(step.revision.id) in \(rows.qualifiedName): \(error)\n"
                    + "The step was rolled back; the database is \(databaseIs(fallback)).", sqlState: error.sqlState)
        }
        if step.direction == .down, let affectedRows, affectedRows != 1 {
            throw ApplyFailure(
                .database,
                "the version row of \(step.revision.id) was not found while undoing it (another tool changed "
                    + "\(rows.qualifiedName)?); the step was rolled back")
        }
        return milliseconds
    }

    /// `UPDATE ... SET complete = true` for `step`'s revision in a transaction of its own, committed
    /// only while this run holds the apply lock, adding the suffix's `milliseconds` to execution_ms
    /// when they were measured.
    mutating func markComplete(
        _ step: ApplyStep, addingMS milliseconds: Int64?, on connection: borrowing Connection
    ) throws(ApplyFailure) {
        let revision = step.revision
        let sql = context.versionRows.markCompleteSQL(for: revision, addingExecutionMS: milliseconds)
        try begin(on: connection)
        do { try sink.execute(sql, on: connection) } catch {
            rollback(on: connection)
            throw ApplyFailure(
                .database,
                "could not mark \(revision.id) complete in \(context.versionRows.qualifiedName): \(error)\n"
                    + "Its suffix has run; the next apply runs it again (each statement is safe to repeat) and marks it.")
        }
        try guardCommit(of: "marking \(revision.id) complete", on: connection)
        try commit(on: connection)
    }
}
