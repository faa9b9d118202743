/// An error from libpq or the server, with every field the server sent and the password scrubbed.
///
/// `kind` separates "could not talk to the server" from "the server rejected a statement".
/// `position` is PostgreSQL's 1-based character offset into the statement text; map it back to a
/// file line and column with `ScriptStatement.location(ofCharacterPosition:)`.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the failure happened.
    public enum Kind: Sendable, Equatable {
        /// Connecting failed, or the connection broke.
        case connection
        /// The server (or libpq) rejected a statement.
        case statement
        /// The wrapper was used in a way the protocol does not allow at this point (e.g. COPY misuse).
        case usage
    }

    public var kind: Kind
    /// `ERROR`, `FATAL`, ... (non-localized when the server sends it).
    public var severity: String?
    /// Five-character SQLSTATE, e.g. `42P07`.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// 1-based character position in the statement text.
    public var position: Int?
    public var context: String?
    /// Index of the failing statement in a pipelined batch (0-based), nil otherwise.
    public var statementIndex: Int?

    public init(
        kind: Kind, severity: String? = nil, sqlState: String? = nil, message: String,
        detail: String? = nil, hint: String? = nil, position: Int? = nil, context: String? = nil,
        statementIndex: Int? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        self.context = context
        self.statementIndex = statementIndex
    }

    /// `ERROR 42P07: relation "t" already exists` plus `DETAIL:` / `HINT:` / `CONTEXT:` lines.
    public var description: String {
        var head = severity ?? (kind == .connection ? "connection error" : "error")
        if let sqlState { head += " \(sqlState)" }
        var lines = ["\(head): \(message)"]
        if let detail { lines.append("DETAIL: \(detail)") }
        if let hint { lines.append("HINT: \(hint)") }
        if let context { lines.append("CONTEXT: \(context)") }
        return lines.joined(separator: "\n")
    }

    /// A copy with every field passed through `redactor`.
    func redacted(by redactor: Redactor) -> PostgresError {
        var copy = self
        copy.message = redactor.scrub(message)
        copy.detail = detail.map(redactor.scrub)
        copy.hint = hint.map(redactor.scrub)
        copy.context = context.map(redactor.scrub)
        return copy
    }
}
