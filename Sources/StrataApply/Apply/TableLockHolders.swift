/// Who holds locks on tables right now: after a statement ran out of `lock_timeout`, the sessions
/// it most likely waited for, so the operator can see them (an `idle in transaction` session left
/// open, a long report) without digging in `pg_locks` under pressure.
///
/// Read after the failure, from the lock connection (idle, outside any transaction), so the
/// failed statement's own wait is gone from `pg_locks`: the list is every other session holding a
/// granted lock on a table, oldest transaction first, not only the one that blocked.
struct TableLockHolders {
    struct Holder {
        var pid: Int
        var user: String
        var state: String
        /// How long its transaction has been open, `HH:MM:SS` (nil outside a transaction).
        var transactionAge: String?
        /// The tables and lock modes, e.g. `AccessShareLock on negentropy.threads`.
        var locks: String
        /// Its last query, whitespace folded, cut at 100 characters.
        var query: String

        var description: String {
            "backend pid \(pid) (user \(user), \(state)"
                + (transactionAge.map { ", transaction open for \($0)" } ?? "")
                + ") holds \(locks); its last query: \(query)"
        }
    }

    static let limit = 5

    /// Sessions other than `excluded` with a transaction open in this database, oldest first:
    /// what a concurrent index build or a validation waits for besides table locks.
    static func openTransactions(excluding excluded: [Int], on connection: borrowing Connection)
        throws(PostgresError) -> [SessionWait.Blocker]
    {
        SessionWait.Blocker.rows(
            of: try connection.execute(
                """
                SELECT \(SessionWait.Blocker.columns)
                FROM pg_stat_activity a
                WHERE a.datname = current_database() AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'
                  AND NOT a.pid = ANY ($1::int[])
                ORDER BY a.xact_start, a.pid
                LIMIT \(limit)
                """, parameters: ["{" + excluded.map(String.init).joined(separator: ",") + "}"]))
    }

    /// Sessions other than `excluded` (strata's own) holding table locks in this database.
    static func find(excluding excluded: [Int], on connection: borrowing Connection) throws(PostgresError) -> [Holder] {
        let result = try connection.execute(
            """
            SELECT a.pid, coalesce(a.usename, '?'), coalesce(a.state, '?'),
                   to_char(now() - a.xact_start, 'HH24:MI:SS'),
                   string_agg(DISTINCT l.mode || ' on ' || l.relation::regclass::text, ', '),
                   left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 100)
            FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            JOIN pg_class c ON c.oid = l.relation
            WHERE l.locktype = 'relation' AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND c.relkind IN ('r', 'p', 'm', 'f') AND c.relnamespace <> 'pg_catalog'::regnamespace
              AND NOT l.pid = ANY ($1::int[])
            GROUP BY a.pid, a.usename, a.state, a.xact_start, a.query
            ORDER BY a.xact_start NULLS LAST, a.pid
            LIMIT \(limit)
            """, parameters: ["{" + excluded.map(String.init).joined(separator: ",") + "}"])
        return (0..<result.rowCount).compactMap { row in
            guard let pid = result.value(row: row, column: 0).flatMap({ Int($0) }) else { return nil }
            return Holder(
                pid: pid, user: result.value(row: row, column: 1) ?? "?", state: result.value(row: row, column: 2) ?? "?",
                transactionAge: result.value(row: row, column: 3), locks: result.value(row: row, column: 4) ?? "",
                query: result.value(row: row, column: 5) ?? "")
        }
    }
}
