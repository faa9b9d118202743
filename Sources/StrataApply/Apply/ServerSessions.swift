/// The two server sessions apply runs on (`pg_backend_pid()`, the server's process ids; behind a
/// pooler libpq's `PQbackendPID` is the pooler's own), checked before anything is set or changed
/// to be two sessions that stay the same between transactions.
///
/// A pooler in transaction or statement mode (pgbouncer `pool_mode = transaction`) hands each
/// transaction whichever server session is free: a session-level advisory lock then stays on a
/// server session that other clients go on to use, the run's later transactions do not hold it,
/// and its `SET`s leak to the pool. Apply refuses such a connection up front.
public struct ServerSessions: Sendable, Equatable {
    /// The session that runs the scripts.
    public var work: Int
    /// The session that holds the advisory lock.
    public var lock: Int

    /// Asks each connection for its server process twice, alternating, in separate transactions.
    /// Two stable sessions answer with two pids, each the same both times; a transaction pool
    /// answers with one pid for both (a free server session is reused) or with changing pids.
    static func check(work: borrowing Connection, lock: borrowing Connection) throws(ApplyFailure) -> ServerSessions {
        var answers: [Int] = []
        do {
            for index in 0..<4 {
                let sql = "SELECT pg_backend_pid()"
                let result = index % 2 == 0 ? try work.execute(sql) : try lock.execute(sql)
                answers.append(result.value(row: 0, column: 0).flatMap { Int($0) } ?? -1)
            }
        } catch {
            throw .connection(error, while: "could not read the server session of the connection")
        }
        if answers[0] != answers[2] || answers[1] != answers[3] {
            throw refusal(
                "the server session changed between two transactions on one connection (pg_backend_pid() "
                    + "\(answers[0]) then \(answers[2]), \(answers[1]) then \(answers[3]))")
        }
        if answers[0] == answers[1] {
            throw refusal("apply's two connections were served by one server session (pg_backend_pid() \(answers[0]))")
        }
        return ServerSessions(work: answers[0], lock: answers[1])
    }

    /// The refusal, before anything was set or changed.
    static func refusal(_ finding: String) -> ApplyFailure {
        ApplyFailure(
            .database,
            "refusing to run anything: apply needs one stable server session per connection, and \(finding). "
                + "This is a connection pooler in transaction or statement mode (pgbouncer pool_mode = transaction "
                + "or statement): there, apply's session advisory lock would stay on a server session other clients "
                + "go on to use, two applies could run at once, and its session settings would leak to the pool. "
                + "Nothing was changed. Connect directly to PostgreSQL, or through a pool in session mode "
                + "(pgbouncer pool_mode = session).")
    }
}
