import StrataBundle
import StrataCore

/// The suffix statements of the online patterns that PostgreSQL cannot repeat, and how a resume
/// knows they already ran (SPEC §6): a resume runs the whole suffix again, and
/// - `ALTER TABLE t VALIDATE CONSTRAINT c` fails once a later `DROP CONSTRAINT IF EXISTS c` of the
///   same suffix has dropped c (the helper check of an online SET NOT NULL): skipped when c is gone;
/// - `ALTER TABLE t ADD CONSTRAINT c ...` (`USING INDEX i`, or a foreign key waiting for such a
///   constraint) fails once c exists: skipped then.
/// Every other suffix statement is idempotent as written (IF [NOT] EXISTS, SET NOT NULL).
struct SuffixGuard: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case validate, attach }

    var kind: Kind
    /// The table as written (schema-qualified by the compiler), for `to_regclass`.
    var table: String
    var constraint: String

    init?(statement text: String) {
        var tokens = Array(SQLLexer(text).prefix(24))[...]
        func take(_ keyword: String) -> Bool {
            guard tokens.first?.isKeyword(keyword) == true else { return false }
            tokens.removeFirst()
            return true
        }
        guard take("alter"), take("table") else { return nil }
        _ = take("only")
        var parts: [SQLToken] = []
        while let token = tokens.first, token.identifier != nil || token == .punctuation(".") {
            if token != .punctuation("."), !parts.isEmpty, parts.last != .punctuation(".") { break }
            parts.append(token)
            tokens.removeFirst()
        }
        let names = parts.compactMap(\.identifier)
        guard !names.isEmpty else { return nil }
        table = names.map { Identifier.quotedIfNeeded($0) }.joined(separator: ".")
        if take("validate"), take("constraint"), let name = tokens.first?.identifier {
            kind = .validate
            constraint = name
            return
        }
        guard take("add"), take("constraint"), let name = tokens.popFirst()?.identifier else { return nil }
        kind = .attach
        constraint = name
    }

    /// Whether `statement` is `ALTER TABLE <table> DROP CONSTRAINT IF EXISTS <constraint>`.
    func isDroppedBy(_ statement: String) -> Bool {
        var tokens = Array(SQLLexer(statement).prefix(24))[...]
        guard tokens.popFirst()?.isKeyword("alter") == true, tokens.popFirst()?.isKeyword("table") == true else {
            return false
        }
        while let token = tokens.first, !token.isKeyword("drop") { tokens.removeFirst() }
        let words = tokens.prefix(5).map { $0 }
        guard words.count == 5, words[0].isKeyword("drop"), words[1].isKeyword("constraint"), words[2].isKeyword("if"),
            words[3].isKeyword("exists")
        else { return false }
        return words[4].identifier == constraint
    }

    /// True when the constraint is on the table now.
    func constraintExists(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        let result = try connection.execute(
            "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2",
            parameters: [table, constraint])
        return result.rowCount > 0
    }
}
