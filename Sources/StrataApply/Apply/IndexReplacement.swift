import Foundation
import StrataBundle
import StrataCore

/// An online index replacement in a suffix (SPEC §6): `CREATE INDEX CONCURRENTLY IF NOT EXISTS
/// <tmp>`, `DROP INDEX CONCURRENTLY IF EXISTS <name>`, `ALTER INDEX IF EXISTS <tmp> RENAME TO
/// <name>`; or, for a changed key, the build and `ALTER TABLE t DROP CONSTRAINT IF EXISTS <name>,
/// ADD CONSTRAINT <name> ... USING INDEX <tmp>`. Once it has run, the names look as they did before it started; a resume tells the two
/// apart by the definition `<name>` has, so it does not build and swap the index again.
struct IndexReplacement {
    var build: ConcurrentIndexBuild
    var buildText: String
    /// The replaced index's name.
    var name: String
    /// Positions in the suffix of the build, the drop and the rename.
    var positions: [Int]

    /// The replacements among `statements` (a suffix, in order).
    static func find(in statements: [String]) -> [IndexReplacement] {
        var result: [IndexReplacement] = []
        for (position, text) in statements.enumerated() {
            guard let build = ConcurrentIndexBuild(statement: text), let schema = build.schema else { continue }
            let qualifiedTemporary = Identifier.qualified(schema, build.name)
            for later in statements.indices where later > position {
                if let key = replacedKey(statements[later], temporary: build.name) {
                    result.append(IndexReplacement(build: build, buildText: text, name: key, positions: [position, later]))
                    break
                }
                let prefix = "ALTER INDEX IF EXISTS \(qualifiedTemporary) RENAME TO "
                guard statements[later].hasPrefix(prefix) else { continue }
                var target = String(statements[later].dropFirst(prefix.count))
                while target.hasSuffix(";") || target.last?.isWhitespace == true { target.removeLast() }
                let drop = "DROP INDEX CONCURRENTLY IF EXISTS \(Identifier.qualified(schema, unquoted(target)))"
                var positions = [position, later]
                if let dropPosition = statements.indices.first(where: {
                    $0 > position && $0 < later && statements[$0].hasPrefix(drop)
                }) {
                    positions.append(dropPosition)
                }
                result.append(
                    IndexReplacement(build: build, buildText: text, name: unquoted(target), positions: positions))
                break
            }
        }
        return result
    }

    /// The key that `ALTER TABLE t DROP CONSTRAINT IF EXISTS k, ADD CONSTRAINT k ... USING INDEX
    /// <temporary>` replaces (a changed primary key or unique constraint swapped for its new
    /// index); the index takes the constraint's name, as a renamed index does.
    private static func replacedKey(_ statement: String, temporary: String) -> String? {
        let tokens = Array(SQLLexer(statement).prefix(48))
        guard tokens.count > 4, tokens[0].isKeyword("alter"), tokens[1].isKeyword("table"),
            let drop = tokens.firstIndex(where: { $0.isKeyword("drop") }), drop + 4 < tokens.count,
            tokens[drop + 1].isKeyword("constraint"), tokens[drop + 2].isKeyword("if"),
            tokens[drop + 3].isKeyword("exists"), let key = tokens[drop + 4].identifier,
            let using = tokens.lastIndex(where: { $0.isKeyword("using") }), using + 2 < tokens.count,
            tokens[using + 1].isKeyword("index"), tokens[using + 2].identifier == temporary
        else { return nil }
        return key
    }

    private static func unquoted(_ name: String) -> String {
        guard name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 else { return name }
        return String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// True when the replacement has run: the temporary index is gone and `name` already has the
    /// definition the build gives (compared by building it on an empty copy of the table in a
    /// transaction that is rolled back).
    func hasRun(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        guard let schema = build.schema else { return false }
        let temporary = Identifier.qualified(schema, build.name)
        let target = Identifier.qualified(schema, name)
        let state = try connection.execute(
            "SELECT to_regclass($1) IS NULL AND to_regclass($2) IS NOT NULL", parameters: [temporary, target])
        guard state.value(row: 0, column: 0) == "t" else { return false }
        let table = Identifier.qualified(schema, build.table)
        var probe = buildText
        guard let concurrently = probe.range(of: " CONCURRENTLY IF NOT EXISTS "),
            let on = probe.range(of: " ON \(table) ", range: concurrently.upperBound..<probe.endIndex)
        else { return false }
        probe.replaceSubrange(on, with: " ON pg_temp.strata_probe ")
        probe.replaceSubrange(concurrently, with: " ")
        _ = try connection.execute("BEGIN")
        do {
            _ = try connection.execute("CREATE TEMP TABLE strata_probe (LIKE \(table))")
            _ = try connection.execute(probe)
            let same = try connection.execute(
                """
                SELECT regexp_replace(pg_get_indexdef(to_regclass($1)), '^.*? USING ', '')
                     = regexp_replace(pg_get_indexdef(to_regclass($2)), '^.*? USING ', '')
                """, parameters: ["pg_temp." + Identifier.quotedIfNeeded(build.name), target])
            _ = try connection.execute("ROLLBACK")
            return same.value(row: 0, column: 0) == "t"
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
