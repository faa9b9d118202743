/// Why `apply`, `status`, `stamp` or `history --url` stopped, and which exit code that is (SPEC §2).
///
/// Everything `apply` refuses before it has run anything is `badInput` (2) when the fault is in the
/// bundle or the arguments, and `database` (3) when it is in the database or the connection.
public struct ApplyFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Exit 2: a bundle that fails verification, a bad target, a history that does not match.
        case badInput
        /// Exit 3: connection, lock, preflight, a failing statement.
        case database
    }

    public var kind: Kind
    /// The whole message, possibly several lines; never contains a password.
    public var message: String
    /// True when the message already starts with `file:line:column: error`.
    public var hasLocation: Bool

    public init(_ kind: Kind, _ message: String, hasLocation: Bool = false) {
        self.kind = kind
        self.message = message
        self.hasLocation = hasLocation
    }

    public var description: String { message }

    static func connection(_ error: PostgresError, while doing: String) -> ApplyFailure {
        ApplyFailure(.database, "\(doing): \(error)")
    }
}
