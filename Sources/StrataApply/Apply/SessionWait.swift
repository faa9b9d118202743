/// What the work session is waiting for, seen from the lock session while a statement runs: a
/// heavyweight lock (`wait_event_type = 'Lock'`) and the sessions holding it up
/// (`pg_blocking_pids`). `Lock:relation` is a table lock; `Lock:virtualxid` is a
/// `CREATE INDEX CONCURRENTLY` or a validation waiting for transactions older than it to end,
/// which may hold no table lock at all (a REPEATABLE READ snapshot, an idle transaction).
public struct SessionWait: Sendable, Equatable, CustomStringConvertible {
    /// `Lock:relation`, `Lock:virtualxid`, `Lock:transactionid`, ...
    public var event: String
    /// The sessions it waits for, oldest transaction first (at most `limit`).
    public var blockers: [Blocker]

    public struct Blocker: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int
        public var user: String
        public var state: String
        /// When its transaction started, ISO 8601 UTC (nil outside a transaction).
        public var transactionStart: String?
        /// Its last query, whitespace folded, cut at 100 characters.
        public var query: String

        public var description: String {
            "backend pid \(pid) (user \(user), \(state)"
                + (transactionStart.map { ", transaction started \($0)" } ?? "") + "; query: \(query))"
        }
    }

    static let limit = 5

    /// True for a wait on older transactions rather than on a table lock.
    public var isForOlderTransactions: Bool { event == "Lock:virtualxid" || event == "Lock:transactionid" }

    public var description: String {
        let what = isForOlderTransactions ? "transactions older than it to end" : "a lock"
        let who = blockers.isEmpty ? "(the holder has just gone)" : blockers.map(\.description).joined(separator: ", ")
        return "waiting (\(event)) for \(what): \(who)"
    }

    /// The way out, for a failure message and the progress line's last word.
    public var wayOut: String {
        let end = blockers.first.map { " or end it (SELECT pg_terminate_backend(\($0.pid));)" } ?? ""
        return "Let \(blockers.count == 1 ? "it" : "them") finish\(end), then run apply again; "
            + (isForOlderTransactions
                ? "a concurrent build or validation waits for every transaction that started before it, even one that "
                    + "touches other tables."
                : "--lock-timeout S waits longer, but writes to the table queue behind the waiting statement meanwhile.")
    }

    /// The sessions `pid` waits for.
    static func blockers(of pid: Int, on connection: borrowing Connection) throws(PostgresError) -> [Blocker] {
        Blocker.rows(
            of: try connection.execute(
                """
                SELECT \(Blocker.columns)
                FROM unnest(pg_blocking_pids(\(pid))) AS p(pid) JOIN pg_stat_activity a ON a.pid = p.pid
                ORDER BY a.xact_start NULLS LAST, a.pid
                LIMIT \(limit)
                """))
    }
}

extension SessionWait.Blocker {
    /// What `rows(of:)` reads, from `pg_stat_activity` as `a`.
    static let columns = """
        a.pid, coalesce(a.usename, a.backend_type, '?'), coalesce(a.state, '?'),
        to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 100)
        """

    static func rows(of result: borrowing QueryResult) -> [Self] {
        (0..<result.rowCount).compactMap { row in
            guard let pid = result.value(row: row, column: 0).flatMap({ Int($0) }) else { return nil }
            return Self(
                pid: pid, user: result.value(row: row, column: 1) ?? "?", state: result.value(row: row, column: 2) ?? "?",
                transactionStart: result.value(row: row, column: 3), query: result.value(row: row, column: 4) ?? "")
        }
    }
}
