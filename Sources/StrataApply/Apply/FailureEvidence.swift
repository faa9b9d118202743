import Foundation
import StrataCore

/// What the operator needs next to a failure to act on it, gathered after the rollback on the
/// lock connection (idle, outside any transaction): who the statement waited for (as the lock
/// session's heartbeat saw it during the wait; else who holds table locks now),
/// which setting cut a long statement short, and how to list the rows that stopped a unique index
/// or a constraint validation.
///
/// Never scans a table itself: on a busy production database the listing query is the DBA's to
/// run, when they choose.
enum FailureEvidence {
    static func adding(
        to failure: ApplyFailure, lockTimeout: Double, wait: SessionWait? = nil, excluding excluded: [Int],
        on connection: borrowing Connection
    ) -> ApplyFailure {
        guard failure.kind == .database, let statement = failure.failedStatement else { return failure }
        var explained = failure
        switch failure.sqlState {
        case "55P03":
            if let wait, !wait.blockers.isEmpty {
                explained.notes += waited(wait, lockTimeout: lockTimeout)
            } else {
                explained.notes += lockHolders(
                    lockTimeout: lockTimeout, statement: statement, excluding: excluded, on: connection)
            }
        case "23505":
            if let query = duplicatesQuery(statement: statement, detail: failure.notes) {
                explained.notes.append("To list the duplicates: \(query)")
            }
        case "57014" where failure.message.hasSuffix("statement timeout"):
            let limit = (try? connection.execute("SHOW statement_timeout").value(row: 0, column: 0)) ?? nil
            explained.notes.append(
                "statement_timeout" + (limit.map { " (\($0) for this role and database)" } ?? "")
                    + " stopped it, not strata's --lock-timeout. For a long index build or validation, run with "
                    + "PGOPTIONS='-c statement_timeout=0' (or a longer limit) in apply's environment.")
        case "23503", "23514":
            if let guarded = SuffixGuard(statement: statement), guarded.kind == .validate,
                let query = try? ViolatingRows.query(table: guarded.table, constraint: guarded.constraint, on: connection)
            {
                explained.notes.append("To list the rows that violate \(guarded.constraint): \(query)")
            }
        default:
            break
        }
        return explained
    }

    /// The wait as the heartbeat saw it: the sessions named, and the way out.
    private static func waited(_ wait: SessionWait, lockTimeout: Double) -> [String] {
        let limit = "lock_timeout (\(AdvisoryLock.format(seconds: lockTimeout)))"
        let what = wait.isForOlderTransactions
            ? "for transactions that started before it to end (\(wait.event))" : "for a lock (\(wait.event))"
        return ["The statement waited \(limit) \(what), held up by:"] + wait.blockers.map(\.description) + [wait.wayOut]
    }

    private static func lockHolders(
        lockTimeout: Double, statement: String, excluding excluded: [Int], on connection: borrowing Connection
    ) -> [String] {
        let waited = "The statement waited lock_timeout (\(AdvisoryLock.format(seconds: lockTimeout))) for a table lock."
        guard let holders = try? TableLockHolders.find(excluding: excluded, on: connection) else { return [waited] }
        guard let oldest = holders.first else {
            // A concurrent build or validation also waits for every older transaction, which may hold
            // no table lock (a REPEATABLE READ snapshot, an idle transaction).
            let waitsForOlder = ConcurrentIndexBuild(statement: statement) != nil
                || SuffixGuard(statement: statement)?.kind == .validate
            guard waitsForOlder, let open = try? TableLockHolders.openTransactions(excluding: excluded, on: connection),
                let first = open.first
            else { return [waited + " No other session holds a table lock now: run apply again."] }
            return ["The statement waited lock_timeout (\(AdvisoryLock.format(seconds: lockTimeout))) for a lock; no "
                + "other session holds a table lock now, but a concurrent build or validation waits for every "
                + "transaction older than it. Open now, oldest first:"] + open.map(\.description)
                + ["Let them finish, or end one (SELECT pg_terminate_backend(\(first.pid));), then run apply again."]
        }
        return [waited + " Sessions holding table locks now, oldest transaction first:"]
            + holders.map(\.description)
            + ["Let them finish, or end one (SELECT pg_terminate_backend(\(oldest.pid));), then run apply again; "
                + "--lock-timeout S waits longer, but writes to the table queue behind the waiting statement meanwhile."]
    }

    /// A failed `CREATE UNIQUE INDEX`: its table, and the key columns from the server's
    /// `DETAIL: Key (a, b)=(1, x) is duplicated.`
    private static func duplicatesQuery(statement: String, detail notes: [String]) -> String? {
        guard let build = ConcurrentIndexBuild(statement: statement),
            let detail = notes.first(where: { $0.hasPrefix("DETAIL: Key (") }),
            let close = detail.range(of: ")=(")
        else { return nil }
        let columns = detail[detail.index(detail.startIndex, offsetBy: "DETAIL: Key (".count)..<close.lowerBound]
        let table = Identifier.qualified(build.schema, build.table)
        return "SELECT \(columns), count(*) FROM \(table) GROUP BY \(columns) HAVING count(*) > 1;"
    }
}
