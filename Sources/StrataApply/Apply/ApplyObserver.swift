/// Hears what `Applier` does, for the CLI's output and progress line. The library never prints.
///
/// Methods are called on the applying thread, in order.
public protocol ApplyObserver: AnyObject {
    /// True when the observer shows "statement i of n": the applier then counts each script's
    /// statements first (a second streaming pass, so memory stays flat).
    var wantsStatementCounts: Bool { get }
    /// The lock is held by another session; the applier polls until `--wait` runs out.
    func waitingForLock(heldBy holder: LockHolder?)
    /// Where the database is and what will run.
    func planned(_ plan: ApplyPlan, current: String?, target: String?)
    /// One line of `--dry-run` output (SQL or a `--` comment), without the newline.
    func dryRun(_ line: String)
    func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?)
    /// `number` is 1-based within the step.
    func statementStarted(number: Int, line: Int)
    func stepFinished(_ step: ApplyStep, milliseconds: Int64)
    /// A server NOTICE or WARNING raised by a statement.
    func notice(_ notice: Notice, file: String?)
    /// A step left something behind that the next run cleans (an INVALID index dropped first).
    func cleanedUp(_ message: String)
}

extension ApplyObserver {
    public var wantsStatementCounts: Bool { false }
    public func waitingForLock(heldBy holder: LockHolder?) {}
    public func planned(_ plan: ApplyPlan, current: String?, target: String?) {}
    public func dryRun(_ line: String) {}
    public func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?) {}
    public func statementStarted(number: Int, line: Int) {}
    public func stepFinished(_ step: ApplyStep, milliseconds: Int64) {}
    public func notice(_ notice: Notice, file: String?) {}
    public func cleanedUp(_ message: String) {}
}

/// An observer that ignores everything (tests, library callers that only want the outcome).
public final class SilentApplyObserver: ApplyObserver {
    public init() {}
}
