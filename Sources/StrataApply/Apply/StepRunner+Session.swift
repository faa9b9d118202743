import StrataBundle

/// The session every revision starts from: strata's settings, `lock_timeout`, and the reset after
/// each revision.
extension StepRunner {
    /// strata's own session settings (besides lock_timeout), set before the lock is taken and
    /// again after each revision's reset.
    static func sessionSettings(serverVersion: Int) -> [String] {
        // Scripts are split (and their '...' literals read) as PostgreSQL's default has it.
        var settings = ["SET standard_conforming_strings = on"]
        // Lets the server notice a killed client during a long statement and roll back at once,
        // instead of when the statement finishes (PostgreSQL 14+).
        if serverVersion >= 140000 { settings.append("SET client_connection_check_interval = '1s'") }
        // The session idles while the lock is awaited and between revisions; a role's or
        // database's idle_session_timeout would end it mid-run (the lock session has its own).
        if serverVersion >= 140000 { settings.append("SET idle_session_timeout = 0") }
        return settings
    }

    var lockTimeoutSQL: String { "SET lock_timeout = '\(Int((request.lockTimeout * 1000).rounded()))ms'" }

    /// Puts the session back to the state every revision starts from, after a revision: its `SET`,
    /// `set_config(..., false)` or `SET ROLE` must not reach the next revision (a later unqualified
    /// CREATE would land elsewhere, a `lock_timeout = 0` would queue behind a busy table), which
    /// would make a revision behave differently run alone and run together with others. `RESET
    /// ALL` leaves out the role and session user, so those are reset too. Transactional, so under
    /// `--single-transaction` it joins the one transaction.
    func restoreSession(after step: ApplyStep, on connection: borrowing Connection) throws(ApplyFailure) {
        let sql = (["RESET ALL", "RESET SESSION AUTHORIZATION", "RESET ROLE"]
            + Self.sessionSettings(serverVersion: connection.serverVersion) + [lockTimeoutSQL])
            .joined(separator: "; ")
        do { try sink.restoreSession(sql, on: connection) } catch {
            let position = request.singleTransaction || inTransaction
                ? fallback : (step.direction == .up ? step.revision.id : step.revision.parent)
            throw ApplyFailure(
                .database,
                "could not reset the session after \(step.revision.id): \(error)\nThe database is \(databaseIs(position))"
                    + (request.singleTransaction ? " (the single transaction was rolled back)." : "."))
        }
    }

    /// The settings a script's body opens with (`ScriptShape.sessionPins`: a generated script's
    /// TimeZone, DateStyle, ...), held for the whole session while the revision's statements outside
    /// its transaction run, so a concurrent index build reads its predicate's literals as the body
    /// does; `restoreSession` resets them after the revision.
    func holdPinnedSettings(_ shape: ScriptShape, step: ApplyStep, on connection: borrowing Connection)
        throws(ApplyFailure)
    {
        guard shape.prefixCount > 0 || shape.hasSuffix else { return }
        for sql in shape.sessionPins {
            do { _ = try sink.execute(sql, on: connection) } catch {
                throw .connection(error, while: "could not set \(step.script.file)'s pinned settings (\(sql))")
            }
        }
    }

    func setLockTimeout(on connection: borrowing Connection) throws(ApplyFailure) {
        do { try sink.execute(lockTimeoutSQL, on: connection) } catch {
            throw .connection(error, while: "could not set lock_timeout")
        }
    }

    func resetLockTimeout(on connection: borrowing Connection) {
        _ = try? sink.execute("RESET lock_timeout", on: connection)
    }
}
