import Foundation
import StrataBundle

/// The server session that holds apply's advisory lock for the whole run, on a connection of its
/// own (nothing a script runs can release it), and that watches the run from there.
///
/// It sits idle while the scripts run on the work session, which is what idle-session limits and
/// poolers end. So it protects itself: `idle_session_timeout` and
/// `idle_in_transaction_session_timeout` are off for this session alone, and while the steps run
/// a heartbeat queries it every `interval`, so it is never idle for long. The heartbeat also
/// checks that it still holds the lock; when it does not (the session was terminated), the
/// statement running on the work session is cancelled and the reason kept, so the run stops at
/// once. Every commit checks the lock again inside its transaction (`commitGuardSQL`): a run that
/// lost the lock commits nothing more, whatever the timing.
///
/// The heartbeat also names what the work session waits for (`SessionWait`), for progress while
/// it waits and for the failure when `lock_timeout` ends the wait.
///
/// The connection is used from the applying thread and the heartbeat's, one at a time (`mutex`).
final class LockSession: @unchecked Sendable {
    let lock: AdvisoryLock
    /// The server processes (`pg_backend_pid()`) of this session and of the work session.
    let sessions: ServerSessions
    static let interval = 0.5

    private let connection: Connection
    private let mutex = NSLock()
    /// Cancels the work session's running statement when the lock is lost.
    private let cancelWork: CancelRequest?
    private var lostReason: String?
    private var lastWait: (wait: SessionWait, seen: Date)?
    private var heartbeat: Thread?
    private let stopCondition = NSCondition()
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    /// Protects `connection`'s session, then takes the lock on it (polling, `AdvisoryLock.acquire`)
    /// and checks from a later transaction that this very session holds it: behind a pooler in
    /// transaction mode it would not.
    init(
        _ lock: AdvisoryLock, on connection: consuming Connection, sessions: ServerSessions,
        cancelling work: borrowing Connection, wait: Double, waiting: (LockHolder?) -> Void
    ) throws(ApplyFailure) {
        self.lock = lock
        self.sessions = sessions
        self.connection = connection
        self.cancelWork = CancelRequest(for: work)
        do {
            for sql in Self.protectionSettings(serverVersion: self.connection.serverVersion) {
                _ = try self.connection.execute(sql)
            }
        } catch {
            throw .connection(error, while: "could not prepare the session that holds the apply lock")
        }
        _ = try lock.acquire(on: self.connection, wait: wait, waiting: waiting)
        let held: Bool
        let pid: Int?
        do {
            let result = try self.connection.execute(
                "SELECT \(lock.heldCondition(pid: "pg_backend_pid()")), pg_backend_pid()")
            held = result.value(row: 0, column: 0) == "t"
            pid = result.value(row: 0, column: 1).flatMap { Int($0) }
        } catch {
            throw .connection(error, while: "could not check the apply lock")
        }
        if !held || pid != sessions.lock {
            lock.release(on: self.connection)
            throw ServerSessions.refusal(
                "the advisory lock taken in one transaction is not held by the server session of the next "
                    + "(pg_backend_pid() \(sessions.lock), then \(pid.map(String.init) ?? "?"))")
        }
    }

    /// Settings that keep the session alive while it sits idle: a role's or database's
    /// idle-session limits would end it and free the lock for a second apply mid-run.
    static func protectionSettings(serverVersion: Int) -> [String] {
        var settings = ["SET idle_in_transaction_session_timeout = 0"]
        if serverVersion >= 140000 { settings.append("SET idle_session_timeout = 0") }
        return settings
    }

    deinit { stopHeartbeat() }

    /// Runs `body` on the session, never at the same time as the heartbeat.
    func withConnection<R, E: Error>(_ body: (borrowing Connection) throws(E) -> R) throws(E) -> R {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(connection)
    }

    /// Why the lock was lost, once the heartbeat or a check found it lost (nil while held).
    var lost: String? { mutex.withLock { lostReason } }

    /// What the work session waited for when the heartbeat last saw it waiting, unless a later
    /// heartbeat saw it running without waiting or that was more than `within` seconds ago.
    func recentWait(within seconds: Double = 10) -> SessionWait? {
        mutex.withLock {
            guard let lastWait, Date().timeIntervalSince(lastWait.seen) <= seconds else { return nil }
            return lastWait.wait
        }
    }

    /// Runs a read-only `body` on this session, or, once it is gone, on a fresh connection to the
    /// same database: where the database is and who holds the lock must be read even then. Nil
    /// when neither works.
    func reading<R>(_ body: (borrowing Connection) throws -> R) -> R? {
        withConnection { (connection: borrowing Connection) -> R? in
            if lostReason == nil, connection.isHealthy { return try? body(connection) }
            do {
                let fresh = try connection.openAnother()
                return try? body(fresh)
            } catch {
                return nil
            }
        }
    }

    /// The session holding the lock now, if any (after it was lost: who took it).
    func currentHolder() -> LockHolder? {
        reading { (connection: borrowing Connection) in try lock.holder(on: connection) } ?? nil
    }

    /// Asks the session now whether it still holds the lock; records the reason when not.
    func checkHeld() -> String? {
        withConnection { (connection: borrowing Connection) -> String? in
            if let lostReason { return lostReason }
            do {
                if try lock.isHeld(on: connection) { return nil }
                lostReason = "its session (backend pid \(sessions.lock)) no longer holds it"
            } catch {
                lostReason = "its session (backend pid \(sessions.lock)) ended: \(Self.reason(error))"
            }
            return lostReason
        }
    }

    /// SQL that fails (SQLSTATE `lockLostState`) unless this run still holds the lock and the work
    /// session is the same server process as at the start. Runs inside each revision's
    /// transaction, after its version row, just before the commit: the row's lock on the version
    /// table makes a second apply that took the lock meanwhile wait for this commit before it reads
    /// where the database is.
    var commitGuardSQL: String {
        """
        DO $strata$ BEGIN
            IF pg_backend_pid() <> \(sessions.work) OR NOT \(lock.heldCondition(pid: String(sessions.lock))) THEN
                RAISE EXCEPTION USING ERRCODE = '\(Self.lockLostState)',
                    MESSAGE = 'strata: this run no longer holds the apply lock (advisory lock \(lock.key), session \(sessions.lock)) or its server session changed; nothing is committed';
            END IF;
        END $strata$
        """
    }

    static let lockLostState = "55S01"

    // MARK: - Heartbeat

    /// Starts the heartbeat; `observer` hears, while a statement runs, what it waits for.
    func startHeartbeat(observer: any ApplyObserver) {
        // The observer promises `statementRunning` may come from this thread (ApplyObserver).
        nonisolated(unsafe) let observer = observer
        let thread = Thread { [self] in
            defer { stopped.signal() }
            while true {
                stopCondition.lock()
                if !stopping { _ = stopCondition.wait(until: Date().addingTimeInterval(Self.interval)) }
                let stop = stopping
                stopCondition.unlock()
                if stop { return }
                if !beat(observer: observer) { return }
            }
        }
        thread.name = "strata apply lock heartbeat"
        heartbeat = thread
        thread.start()
    }

    /// Stops the heartbeat and waits for it to end.
    func stopHeartbeat() {
        guard heartbeat != nil else { return }
        heartbeat = nil
        stopCondition.lock()
        stopping = true
        stopCondition.signal()
        stopCondition.unlock()
        stopped.wait()
    }

    /// Releases the lock and leaves the session as it found it (behind a session pooler the server
    /// session goes on to serve other clients), then stops.
    func close() {
        stopHeartbeat()
        withConnection { (connection: borrowing Connection) in
            guard lostReason == nil, connection.isHealthy else { return }
            lock.release(on: connection)
            _ = try? connection.execute("DISCARD ALL")
        }
    }

    /// One heartbeat: is the lock held, and is the work session waiting for another session?
    /// False once the lock is lost (the heartbeat ends).
    private func beat(observer: any ApplyObserver) -> Bool {
        let work = sessions.work
        let observed = withConnection { (connection: borrowing Connection) -> (state: String?, wait: SessionWait?)? in
            do {
                let result = try connection.execute(
                    """
                    SELECT \(lock.heldCondition(pid: "pg_backend_pid()")), w.state, w.wait_event_type, w.wait_event
                    FROM (SELECT 1) AS one LEFT JOIN pg_stat_activity w ON w.pid = \(work)
                    """)
                guard result.value(row: 0, column: 0) == "t" else {
                    lostReason = "its session (backend pid \(sessions.lock)) no longer holds it"
                    return nil
                }
                let state = result.value(row: 0, column: 1)
                guard state == "active", result.value(row: 0, column: 2) == "Lock" else {
                    // A statement running without waiting: the last wait is over. (Idle: kept, the
                    // failure of the statement that waited may be on its way.)
                    if state == "active" { lastWait = nil }
                    return (state, nil)
                }
                let event = "Lock:" + (result.value(row: 0, column: 3) ?? "?")
                let blockers = try SessionWait.blockers(of: work, on: connection)
                // Empty: the wait ended between the two queries; the last wait seen stays the one to name.
                guard !blockers.isEmpty else { return (state, nil) }
                let wait = SessionWait(event: event, blockers: blockers)
                lastWait = (wait, Date())
                return (state, wait)
            } catch {
                lostReason = "its session (backend pid \(sessions.lock)) ended: \(Self.reason(error))"
                return nil
            }
        }
        guard let observed else {
            cancelWork?.send()
            return false
        }
        if observed.state == "active" { observer.statementRunning(waitingFor: observed.wait) }
        return true
    }

    /// The server's own reason when it ended the session (its FATAL message, which libpq puts
    /// before its generic "server closed the connection unexpectedly"), else libpq's message.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PostgresError else { return "\(error)" }
        if error.severity == "FATAL" || error.severity == "PANIC" { return error.description }
        let lines = error.message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        if let fatal = lines.first(where: { $0.hasPrefix("FATAL:") || $0.hasPrefix("PANIC:") }) {
            return fatal.replacingOccurrences(of: ":  ", with: ": ")
        }
        return error.message
    }
}
