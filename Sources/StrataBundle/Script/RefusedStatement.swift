import StrataCore

/// Statements a revision script may not hold, whoever runs it (`apply` or the release script):
/// `verifyBundle` refuses the script, and `apply` checks again as it streams (a script edited
/// after it was verified).
package enum RefusedStatement {
    /// Why `statement` cannot be in a revision script, or nil. `markerCanHelp`: the script also
    /// holds an unmarked statement PostgreSQL runs only outside a transaction, so the transaction
    /// control was probably written for it and `-- strata:no-transaction` is the way out.
    package static func reason(for statement: ScriptStatement, markerCanHelp: Bool = false) -> String? {
        if let keyword = TransactionControl.keyword(of: statement.text) {
            return transactionControlReason(keyword, markerCanHelp: markerCanHelp)
        }
        if statement.isCopyToStdout {
            return "COPY ... TO STDOUT is not allowed in a revision script: it changes nothing in the database and "
                + "only sends rows to the client, where apply and the release script have no place for them "
                + "(apply's output is its own report). Remove it, or write the rows on the server with "
                + "COPY ... TO 'file' (needs pg_write_server_files), or inspect them with psql before or after the run"
        }
        return nil
    }

    static func transactionControlReason(_ keyword: String, markerCanHelp: Bool) -> String {
        var text = "\(keyword) is not allowed in a revision script: each revision already runs in one transaction "
            + "together with its version row, and "
        switch keyword {
        case "BEGIN", "START TRANSACTION":
            text += "PostgreSQL cannot nest transactions. Delete the line (and its COMMIT): the statements stay atomic"
        case "ROLLBACK":
            text += "a ROLLBACK would undo the revision but not stop it. Delete it; to undo part of the work, use "
                + "SAVEPOINT name / ROLLBACK TO SAVEPOINT name"
        case "PREPARE TRANSACTION":
            text += "a prepared transaction would hold the revision outside apply's control. Delete it"
        default:
            text += "a \(keyword) in the middle would record half of the revision. Delete it (and its BEGIN): the "
                + "statements stay atomic; work that must commit on its own belongs in a revision of its own "
                + "(`strata compile --empty`)"
        }
        if markerCanHelp {
            text += ". A statement PostgreSQL refuses inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) "
                + "needs no COMMIT around it: put `\(noTransactionMarker)` on the line above it instead"
        }
        return text
    }

    /// True for a statement PostgreSQL runs only outside a transaction block.
    package static func mustRunOutsideTransaction(_ text: String) -> Bool {
        let tokens = Array(SQLLexer(text).prefix(6))
        let words = tokens.map { $0.identifier ?? "" }
        guard let first = words.first else { return false }
        switch first {
        case "vacuum":
            return true
        case "create", "drop":
            let object = words.dropFirst().first { $0 != "unique" } ?? ""
            if ["database", "tablespace"].contains(object) { return true }
            return object == "index" && words.contains("concurrently")
        case "reindex":
            return words.contains("concurrently") || words.dropFirst().first == "system"
        case "alter":
            return words.dropFirst().first == "system"
        default:
            return false
        }
    }
}
