/// Maps the server's error position (1-based, counted in characters of the statement text sent)
/// back to `line:column` in the script file, given where the statement starts.
///
/// PostgreSQL counts characters in the server encoding (UTF-8 here), so Unicode scalars are counted,
/// which is also how `SourceLocation` columns count.
public func scriptPosition(
    ofCharacter position: Int, in statement: String, startLine: Int, startColumn: Int = 1
) -> (line: Int, column: Int) {
    var line = startLine
    var column = startColumn
    var remaining = position - 1
    for scalar in statement.unicodeScalars {
        guard remaining > 0 else { break }
        remaining -= 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }
    return (line, column)
}
