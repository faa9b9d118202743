internal import CLibPQ

/// A NOTICE / WARNING / INFO message the server sent while a statement ran.
public struct Notice: Sendable, Equatable, CustomStringConvertible {
    public var severity: String
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// In a pipelined batch, the 0-based index of the statement that raised it (nil otherwise).
    public var statementIndex: Int?

    public var description: String {
        var text = "\(severity): \(message)"
        if let detail { text += "\nDETAIL: \(detail)" }
        if let hint { text += "\nHINT: \(hint)" }
        return text
    }
}

/// Per-connection state reachable from libpq's C notice callback through an `Unmanaged` pointer.
///
/// A class because the callback needs a stable address; the owning `Connection` holds one retain
/// and releases it after `PQfinish`, when libpq can no longer call back.
final class ConnectionContext {
    let redactor: Redactor
    /// What the connection was opened with, to open another to the same database.
    let settings: ConnectionSettings
    var notices: [Notice] = []
    /// The statement of a pipelined batch whose results are being read, for `Notice.statementIndex`.
    var statementIndex: Int?
    /// Messages sent that wait for the server's answer (`Connection.roundTrips`).
    var roundTrips = 0

    init(settings: ConnectionSettings) {
        self.settings = settings
        self.redactor = settings.redactor
    }
}

/// Reads one diagnostic field of a result as a Swift string (nil when absent).
func resultField(_ result: OpaquePointer, _ code: Int32) -> String? {
    guard let pointer = PQresultErrorField(result, code) else { return nil }
    return String(cString: pointer)
}

/// The C notice receiver: turns the notice result into a `Notice` and appends it, in order.
let strataNoticeReceiver: PQnoticeReceiver = { argument, result in
    guard let argument, let result else { return }
    let context = Unmanaged<ConnectionContext>.fromOpaque(argument).takeUnretainedValue()
    let redactor = context.redactor
    let message = resultField(result, CLIBPQ_DIAG_MESSAGE_PRIMARY)
        ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
    context.notices.append(
        Notice(
            severity: resultField(result, CLIBPQ_DIAG_SEVERITY) ?? "NOTICE",
            sqlState: resultField(result, CLIBPQ_DIAG_SQLSTATE),
            message: redactor.scrub(message),
            detail: resultField(result, CLIBPQ_DIAG_MESSAGE_DETAIL).map(redactor.scrub),
            hint: resultField(result, CLIBPQ_DIAG_MESSAGE_HINT).map(redactor.scrub),
            statementIndex: context.statementIndex))
}

extension String {
    /// libpq messages end in "\n"; drop it.
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
