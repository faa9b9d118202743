internal import CLibPQ

/// Asks the server to cancel whatever a connection's server process is running (libpq's
/// `PQcancel`), from any thread: an interrupt handler's, while the applying thread waits on the
/// statement. Owns its `PGcancel`, which libpq keeps apart from the connection for this reason.
final class CancelRequest: @unchecked Sendable {
    private let handle: OpaquePointer

    init?(for connection: borrowing Connection) {
        guard let handle = PQgetCancel(connection.handle) else { return nil }
        self.handle = handle
    }

    deinit { PQfreeCancel(handle) }

    /// Sends the request; true when the server took it (it may still finish the statement first).
    @discardableResult
    func send() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &buffer, Int32(buffer.count)) == 1
    }
}
