import StrataApply

extension ApplyFailure {
    /// The SQLSTATE a failing statement's message starts with (`42P01: relation ... does not
    /// exist`), for the JSON summary; nil for failures that did not come from the server.
    var sqlState: String? {
        let code = message.prefix(5)
        guard code.count == 5, message.dropFirst(5).hasPrefix(": "),
            code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { return nil }
        return String(code)
    }
}
