/// Hears what `Applier` does, for the CLI's output and progress line. The library never prints.
///
/// Methods are called on the applying thread, in order, except `statementRunning`, which the lock
/// session's heartbeat calls from its own thread while the applying thread waits on the server.
public protocol ApplyObserver: AnyObject {
    /// True when the observer shows "statement i of n": the applier then counts the statements
    /// of each script up to `StepRunner.maxCountedScriptBytes` first (a second streaming pass, so
    /// memory stays flat); larger scripts report progress by byte offset only.
    var wantsStatementCounts: Bool { get }
    /// The lock is held by another session; the applier polls until `--wait` runs out.
    func waitingForLock(heldBy holder: LockHolder?)
    /// Where the database is and what will run; `resuming` is a revision recorded incomplete,
    /// whose suffix runs first.
    func planned(_ plan: ApplyPlan, current: String?, target: String?, resuming: String?)
    /// One line of `--dry-run` output (SQL or a `--` comment), without the newline.
    func dryRun(_ line: String)
    /// `scriptBytes` is the script's size, for progress by offset.
    func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?, scriptBytes: Int?)
    /// `number` is 1-based within the step; `offset` is how far into the script (bytes) the run is,
    /// also reported while a long COPY streams its data.
    func statementStarted(number: Int, line: Int, offset: Int)
    /// A statement is still running (about twice a second): `wait` says which sessions it waits
    /// for, when it waits for a lock (nil when it is simply working). Called from the heartbeat's
    /// thread; keeps a progress line moving through a long statement.
    func statementRunning(waitingFor wait: SessionWait?)
    func stepFinished(_ step: ApplyStep, milliseconds: Int64)
    /// A server NOTICE or WARNING raised by a statement; `file` as messages show it and the line of
    /// the statement that raised it (nil outside a script).
    func notice(_ notice: Notice, file: String?, line: Int?)
    /// A step left something behind that the next run cleans (an INVALID index dropped first).
    func cleanedUp(_ message: String)
    /// Going down loses data (`lines`, one per statement) and `--allow-destructive` was not
    /// given: true to go on (a confirmation on a terminal), false to refuse before anything runs.
    func confirmDataLoss(_ lines: [String]) -> Bool
}

extension ApplyObserver {
    public var wantsStatementCounts: Bool { false }
    public func waitingForLock(heldBy holder: LockHolder?) {}
    public func planned(_ plan: ApplyPlan, current: String?, target: String?, resuming: String?) {}
    public func dryRun(_ line: String) {}
    public func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?, scriptBytes: Int?) {}
    public func statementStarted(number: Int, line: Int, offset: Int) {}
    public func statementRunning(waitingFor wait: SessionWait?) {}
    public func stepFinished(_ step: ApplyStep, milliseconds: Int64) {}
    public func notice(_ notice: Notice, file: String?, line: Int?) {}
    public func cleanedUp(_ message: String) {}
    public func confirmDataLoss(_ lines: [String]) -> Bool { false }
}

/// An observer that ignores everything (tests, library callers that only want the outcome).
public final class SilentApplyObserver: ApplyObserver {
    public init() {}
}
