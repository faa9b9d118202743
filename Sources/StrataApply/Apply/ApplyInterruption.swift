import Foundation

/// Ctrl-C (or SIGTERM) during `apply`, as the CLI's signal handler reports it.
///
/// The handler runs on another thread than the apply; it sets the flag and cancels the statement
/// the server is running, so a long index build or table rewrite stops at once instead of holding
/// its lock until it ends. The runner checks the flag before each statement and COPY chunk, rolls
/// back what is open and stops with an `.interrupted` failure that says where the database is.
public final class ApplyInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var running: CancelRequest?

    public init() {}

    /// True once an interrupt came in.
    public var isRequested: Bool { lock.withLock { requested } }

    /// Records the interrupt and cancels the running statement. Returns false when no apply is
    /// running statements yet (still connecting, asking for a confirmation): nothing to roll back,
    /// so the caller may simply exit.
    @discardableResult
    public func request() -> Bool {
        let cancel = lock.withLock { () -> CancelRequest? in
            requested = true
            return running
        }
        cancel?.send()
        return cancel != nil
    }

    /// From here until `finished()`, an interrupt cancels what `connection` runs.
    func started(on connection: borrowing Connection) {
        let cancel = CancelRequest(for: connection)
        lock.withLock { running = cancel }
    }

    func finished() { lock.withLock { running = nil } }
}
