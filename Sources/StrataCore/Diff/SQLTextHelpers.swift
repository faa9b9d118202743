/// `text` without leading and trailing spaces, tabs and newlines (no Foundation in the core).
func trimmedSQL(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
}

/// Whether `expression` mentions `identifier` as a whole word, case-insensitively: used to find
/// checks, index expressions and generated columns that depend on a column. It does not parse
/// SQL, so a word inside a string literal counts too; that errs towards rebuilding.
func mentions(_ expression: String, identifier: String) -> Bool {
    let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
    let lower = Array(expression.lowercased())
    let needle = Array(identifier.lowercased())
    guard !needle.isEmpty, lower.count >= needle.count else { return false }
    var index = 0
    while index + needle.count <= lower.count {
        if Array(lower[index..<index + needle.count]) == needle {
            let before = index == 0 || !isWord(lower[index - 1])
            let after = index + needle.count == lower.count || !isWord(lower[index + needle.count])
            if before && after { return true }
        }
        index += 1
    }
    return false
}
