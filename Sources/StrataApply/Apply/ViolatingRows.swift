/// The query that lists the rows a `VALIDATE CONSTRAINT` refused, built from the constraint in the
/// catalog (it exists, NOT VALID, while the suffix waits to be resumed): for a check, the rows
/// where it is false; for a foreign key, the rows whose key has no match (MATCH SIMPLE: a key with
/// a NULL in it is never checked).
enum ViolatingRows {
    static let limit = 100

    static func query(table: String, constraint: String, on connection: borrowing Connection) throws(PostgresError)
        -> String?
    {
        let result = try connection.execute(
            """
            SELECT c.contype::text, pg_get_expr(c.conbin, c.conrelid), c.confrelid::regclass::text,
                   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                    FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
                   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                    FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num)
            FROM pg_constraint c
            WHERE c.conrelid = to_regclass($1) AND c.conname = $2
            """, parameters: [table, constraint])
        guard result.rowCount == 1 else { return nil }
        switch result.value(row: 0, column: 0) {
        case "c":
            guard let check = result.value(row: 0, column: 1) else { return nil }
            return "SELECT * FROM \(table) WHERE NOT (\(check)) LIMIT \(limit);"
        case "f":
            guard let referenced = result.value(row: 0, column: 2), let columns = result.value(row: 0, column: 3),
                let referencedColumns = result.value(row: 0, column: 4)
            else { return nil }
            let own = columns.split(separator: ", ").map { "t.\($0)" }.joined(separator: ", ")
            let theirs = referencedColumns.split(separator: ", ").map { "r.\($0)" }.joined(separator: ", ")
            return "SELECT t.* FROM \(table) t WHERE ROW(\(own)) IS NOT NULL AND NOT EXISTS "
                + "(SELECT FROM \(referenced) r WHERE ROW(\(theirs)) = ROW(\(own))) LIMIT \(limit);"
        default:
            return nil
        }
    }
}
