import Foundation

/// The location at the start of a located failure message, `file:line:column: error[ SQLSTATE]: ...`
/// (how `apply` names a failing statement), for the JSON summary.
struct FailureLocation {
    var file: String
    var line: Int
    var column: Int
    var sqlState: String?

    /// nil when the message's first line does not start with a location.
    init?(message: String) {
        let first = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        guard let errorRange = first.range(of: ": error") else { return nil }
        let head = first[..<errorRange.lowerBound]
        let parts = head.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else {
            return nil
        }
        file = parts.dropLast(2).joined(separator: ":")
        self.line = line
        self.column = column
        // `error 42P01: ...`: the SQLSTATE the server gave, when it gave one.
        let rest = first[errorRange.upperBound...]
        if rest.hasPrefix(" "), let colon = rest.firstIndex(of: ":") {
            let code = rest[rest.index(after: rest.startIndex)..<colon]
            sqlState = code.count == 5 ? String(code) : nil
        } else {
            sqlState = nil
        }
    }
}
