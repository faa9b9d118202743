/// `text` without leading and trailing spaces, tabs and newlines (no Foundation in the core).
func trimmedSQL(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
}

/// Whether `expression` mentions `identifier` as a name, an unquoted word or a quoted identifier,
/// compared case-insensitively (erring towards rebuilding): used to find checks, index
/// expressions and generated columns that depend on a column, and volatile function calls. Read
/// with the one SQL lexer (`SQLLexer`), so a word inside a string literal, a dollar-quoted body or
/// a comment is not a mention.
func mentions(_ expression: String, identifier: String) -> Bool {
    guard !identifier.isEmpty else { return false }
    let folded = identifier.lowercased()
    return SQLLexer(expression).contains { $0.identifier?.lowercased() == folded }
}
