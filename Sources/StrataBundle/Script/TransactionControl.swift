import StrataCore

/// Recognizes statements that would end or nest the transaction `apply` and the release script
/// wrap a revision in (`BEGIN`, `COMMIT`, `ROLLBACK`, ...), which a hand-written script must not
/// contain: a `COMMIT` in the middle would make the revision's statements and its version row
/// commit separately. `verifyBundle` refuses such a script.
/// Savepoints stay allowed; `ROLLBACK TO SAVEPOINT` is not a transaction end.
package enum TransactionControl {
    /// The offending keyword(s) in upper case, or nil for any other statement.
    package static func keyword(of statement: String) -> String? {
        let tokens = Array(SQLLexer(statement).prefix(3))
        guard let first = tokens.first, case .word(let word) = first else { return nil }
        switch word {
        case "begin", "commit", "end", "abort":
            // `BEGIN` alone or `BEGIN TRANSACTION/WORK/ISOLATION ...`; never a DO body, which starts with DO.
            return word.uppercased()
        case "start":
            return tokens.count > 1 && tokens[1].isKeyword("transaction") ? "START TRANSACTION" : nil
        case "rollback":
            // `ROLLBACK TO [SAVEPOINT] x` undoes to a savepoint inside the transaction: allowed.
            return tokens.count > 1 && tokens[1].isKeyword("to") ? nil : "ROLLBACK"
        case "prepare":
            return tokens.count > 1 && tokens[1].isKeyword("transaction") ? "PREPARE TRANSACTION" : nil
        default:
            return nil
        }
    }
}
