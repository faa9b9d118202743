/// What `strata apply` asks for (SPEC §2, §6); the bundle itself comes with the `BundleContext`.
public struct ApplyRequest: Sendable {
    public var target: ApplyTarget
    /// Print the plan and the SQL with its bookkeeping; take only the lock.
    public var dryRun: Bool
    /// One transaction around the whole move (refused when a step has a non-transactional statement).
    public var singleTransaction: Bool
    /// `SET lock_timeout` for every statement of the run, in seconds (0 disables it).
    public var lockTimeout: Double
    /// How long to poll for the advisory lock, in seconds (0: fail at once if it is taken).
    public var lockWait: Double
    /// Statements sent per pipelined batch inside a transaction (1 disables pipelining).
    public var pipelineBatchSize: Int
    /// Go down over revisions whose down scripts lose data (drop a table or column the up
    /// added) without asking the observer to confirm.
    public var allowDestructive: Bool
    /// Set by the CLI's Ctrl-C handler; the run stops at the next statement (the running one is
    /// cancelled) and rolls back what is open.
    public var interruption: ApplyInterruption?

    public init(
        target: ApplyTarget, dryRun: Bool = false, singleTransaction: Bool = false,
        lockTimeout: Double = ApplyRequest.defaultLockTimeout, lockWait: Double = ApplyRequest.defaultLockWait,
        pipelineBatchSize: Int = 64, allowDestructive: Bool = false,
        interruption: ApplyInterruption? = nil
    ) {
        self.target = target
        self.dryRun = dryRun
        self.singleTransaction = singleTransaction
        self.lockTimeout = lockTimeout
        self.lockWait = lockWait
        self.pipelineBatchSize = max(1, pipelineBatchSize)
        self.allowDestructive = allowDestructive
        self.interruption = interruption
    }

    public static let defaultLockTimeout = 5.0
    public static let defaultLockWait = 60.0
}

/// What a finished `apply` did.
public struct ApplyOutcome: Sendable {
    public var plan: ApplyPlan
    /// Where the database was and is now (nil = base).
    public var from: String?
    public var to: String?
    public var dryRun: Bool
}
