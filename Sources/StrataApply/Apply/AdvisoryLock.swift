import Foundation
import StrataBundle

/// Who holds the advisory lock, from `pg_locks` joined with `pg_stat_activity`.
public struct LockHolder: Hashable, Sendable, CustomStringConvertible {
    public var pid: Int
    public var user: String?
    public var applicationName: String?
    public var clientAddress: String?
    /// When the holder's session started (`backend_start`), ISO 8601 UTC.
    public var since: String?
    public var state: String?

    public var description: String {
        var parts = ["backend pid \(pid)"]
        parts.append("user \(user ?? "unknown")")
        if let applicationName, !applicationName.isEmpty { parts.append("application '\(applicationName)'") }
        if let clientAddress, !clientAddress.isEmpty { parts.append("from \(clientAddress)") }
        if let since { parts.append("connected since \(since)") }
        if let state, !state.isEmpty { parts.append("state \(state)") }
        return parts.joined(separator: ", ")
    }
}

/// The session-level advisory lock that keeps two `apply` runs on one managed schema from
/// interleaving (SPEC §6).
///
/// Session level, not transaction level, because a run spans several transactions and statements
/// that run outside any transaction (`CREATE INDEX CONCURRENTLY`); it is released when the
/// connection closes, so a killed run never leaves it behind. Acquired by polling
/// `pg_try_advisory_lock`, so waiting never holds a transaction open or depends on `lock_timeout`.
public struct AdvisoryLock: Sendable {
    /// The managed schema the lock is keyed on.
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// The key (`ApplyLockKey`: the one definition the release script shares).
    public var key: Int64 { ApplyLockKey(schema: schema).value }

    /// Takes the lock, polling until `wait` seconds have passed (0: one attempt). Calls `waiting`
    /// once, with the holder, when the first attempt fails. Throws `database` naming the holder.
    public func acquire(
        on connection: borrowing Connection, wait: Double, pollInterval: Double = 0.25,
        waiting: (LockHolder?) -> Void = { _ in }
    ) throws(ApplyFailure) -> Int64 {
        let key = self.key
        let deadline = Date().addingTimeInterval(max(0, wait))
        var reportedWait = false
        while true {
            do {
                let result = try connection.execute("SELECT pg_try_advisory_lock($1::bigint)", parameters: [String(key)])
                if result.value(row: 0, column: 0) == "t" { return key }
            } catch {
                throw .connection(error, while: "could not take the advisory lock")
            }
            let holder = try? self.holder(on: connection)
            if Date() >= deadline {
                let who = holder.map { "it is held by \($0)" } ?? "its holder has already gone"
                let waited = wait > 0 ? " after waiting \(Self.format(seconds: wait))" : ""
                throw ApplyFailure(
                    .database,
                    "another apply holds the lock on schema \(schema) (advisory lock \(key))\(waited): \(who). "
                        + "Retry when it has finished, or raise --wait.")
            }
            if !reportedWait {
                waiting(holder)
                reportedWait = true
            }
            Thread.sleep(forTimeInterval: min(pollInterval, max(0.01, deadline.timeIntervalSinceNow)))
        }
    }

    /// SQL that is true while backend `pid` holds this lock in the current database (a bigint
    /// advisory key shows in `pg_locks` as classid = high 32 bits, objid = low 32 bits, objsubid = 1).
    /// `pid` is SQL: a number, or `pg_backend_pid()`.
    func heldCondition(pid: String) -> String {
        let ids = ApplyLockKey(schema: schema).pgLocksIDs
        return "EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = \(pid) "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            + "AND classid = \(ids.classid) AND objid = \(ids.objid) AND objsubid = 1)"
    }

    /// True while the session of `connection` holds the lock.
    public func isHeld(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        try connection.execute("SELECT " + heldCondition(pid: "pg_backend_pid()")).value(row: 0, column: 0) == "t"
    }

    /// Releases the lock (also released by closing the connection).
    public func release(on connection: borrowing Connection) {
        _ = try? connection.execute("SELECT pg_advisory_unlock($1::bigint)", parameters: [String(key)])
    }

    /// The backend holding the lock, if any.
    public func holder(on connection: borrowing Connection) throws(PostgresError) -> LockHolder? {
        let ids = ApplyLockKey(schema: schema).pgLocksIDs
        let (high, low) = (String(ids.classid), String(ids.objid))
        let result = try connection.execute(
            """
            SELECT l.pid, a.usename, a.application_name, host(a.client_addr),
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), a.state
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
            ORDER BY l.pid LIMIT 1
            """, parameters: [high, low])
        guard result.rowCount > 0, let pid = result.value(row: 0, column: 0).flatMap({ Int($0) }) else { return nil }
        return LockHolder(
            pid: pid, user: result.value(row: 0, column: 1), applicationName: result.value(row: 0, column: 2),
            clientAddress: result.value(row: 0, column: 3), since: result.value(row: 0, column: 4),
            state: result.value(row: 0, column: 5))
    }

    static func format(seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
