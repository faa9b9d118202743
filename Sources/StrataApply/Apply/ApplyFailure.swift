public import StrataCore

/// Why `apply`, `status`, `stamp` or `history --url` stopped, and which exit code that is (SPEC §2).
///
/// Everything `apply` refuses before it has run anything is `badInput` (2) when the fault is in the
/// bundle or the arguments, and `database` (3) when it is in the database or the connection.
///
/// A failure that comes from a script carries its location and notes (the server's DETAIL, HINT
/// and CONTEXT, where the database is now, what to do) and is shown as a `Diagnostic`, by the same
/// renderer as compile errors: `file:line:column: error: message`, the line with a caret, the notes.
public struct ApplyFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Exit 2: a bundle that fails verification, a bad target, a history that does not match.
        case badInput
        /// Exit 3: connection, lock, preflight, a failing statement.
        case database
        /// Exit 130 (the shell's code for Ctrl-C): the operator interrupted the run, which rolled
        /// back what was open.
        case interrupted

        /// The process exit code SPEC §2 gives the failure.
        public var exitCode: Int32 {
            switch self {
            case .badInput: 2
            case .database: 3
            case .interrupted: 130
            }
        }
    }

    public var kind: Kind
    /// What went wrong; without a location, possibly several lines. Never contains a password.
    public var message: String
    /// The script, line and column the failure comes from (the file as messages show it).
    public var location: SourceLocation?
    /// Further lines, each a note of the diagnostic.
    public var notes: [String]
    /// The server's SQLSTATE when a statement failed.
    public var sqlState: String?
    /// How many revisions the version table recorded when the run stopped, read at that moment
    /// (nil when it could not be read): where the database really is, whatever the run expected.
    public var databasePosition: Int?
    /// The revision at `databasePosition` (nil = base).
    public var databaseRevision: String?
    /// The text of the statement that failed, for the evidence gathered after the rollback
    /// (`FailureEvidence`).
    var failedStatement: String?

    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation? = nil, notes: [String] = [],
        sqlState: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.location = location
        self.notes = notes
        self.sqlState = sqlState
    }

    /// The failure as the compile pipeline's diagnostics are, for `renderDiagnostics`.
    public var diagnostic: Diagnostic {
        .error(message, at: location, notes: notes.map { Diagnostic.Note($0) })
    }

    /// Plain text: `file:line:column: error: message` and `note: ...` lines when located, else the message.
    public var description: String { location == nil && notes.isEmpty ? message : diagnostic.description }

    static func connection(_ error: PostgresError, while doing: String) -> ApplyFailure {
        ApplyFailure(.database, "\(doing): \(error)")
    }
}
