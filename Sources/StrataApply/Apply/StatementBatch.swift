import StrataBundle

/// Transactional statements waiting to be sent together, with their 1-based numbers in the script.
struct StatementBatch {
    var statements: [ScriptStatement] = []
    var numbers: [Int] = []
    var bytes = 0

    var isEmpty: Bool { statements.isEmpty }

    mutating func append(_ statement: ScriptStatement, number: Int) {
        statements.append(statement)
        numbers.append(number)
        bytes += statement.text.utf8.count
    }
}
