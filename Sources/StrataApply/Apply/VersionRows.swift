public import StrataBundle
import StrataCore

/// Reads the version table's rows and spells the bookkeeping statements, which come from
/// StrataBundle's `VersionTable` so that `apply` and the release script record rows identically.
///
/// Bookkeeping statements are plain SQL text with literals, not parameters, so the very statements
/// that run are the ones `--dry-run` prints.
public struct VersionRows: Sendable {
    public var schema: String
    public var table: String

    public init(schema: String, table: String) {
        self.schema = schema
        self.table = table
    }

    var versionTable: VersionTable { VersionTable(schema: schema, table: table) }
    var qualifiedName: String { versionTable.qualifiedName }

    /// True when the managed schema exists (creating it needs CREATE on the database, so `apply`
    /// only issues `CREATE SCHEMA` when it is missing).
    public func schemaExists(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        try connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = $1", parameters: [schema]).rowCount > 0
    }

    public func tableExists(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        try connection.execute(
            """
            SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
            """, parameters: [schema, table]
        ).rowCount > 0
    }

    /// Creates the managed schema when missing, then the version table (`ensureTable`). Each only
    /// when absent, so that a role without CREATE on the database can still use an existing schema.
    public func ensureSchemaAndTable(on connection: borrowing Connection) throws(PostgresError) {
        if try !schemaExists(on: connection) {
            _ = try connection.execute("CREATE SCHEMA IF NOT EXISTS \(Identifier.quotedIfNeeded(schema))")
        }
        try ensureTable(on: connection)
    }

    /// Creates the version table when missing, or adds the columns later versions introduced
    /// (`complete`, `stamped`) to one created before them: only those missing, since altering
    /// needs ownership of the table.
    public func ensureTable(on connection: borrowing Connection) throws(PostgresError) {
        if try !tableExists(on: connection) {
            _ = try connection.execute(createSQL)
            return
        }
        let present = try columnNames(on: connection)
        for column in VersionTable.laterColumns where !present.contains(column.name) {
            _ = try connection.execute(versionTable.addColumnSQL(column))
        }
    }

    /// The names of the table's columns (tables created by older versions lack the later ones).
    public func columnNames(on connection: borrowing Connection) throws(PostgresError) -> Set<String> {
        let result = try connection.execute(
            """
            SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            """, parameters: [schema, table])
        return Set((0..<result.rowCount).compactMap { result.value(row: $0, column: 0) })
    }

    /// True when the table has the `complete` column (tables created by older versions lack it).
    public func hasCompleteColumn(on connection: borrowing Connection) throws(PostgresError) -> Bool {
        try columnNames(on: connection).contains("complete")
    }

    /// Every row, by position; empty when the table does not exist yet. A table without the
    /// `complete` column reads as all complete, one without `stamped` as all run (the to_jsonb
    /// lookups work with or without them).
    public func read(on connection: borrowing Connection) throws(PostgresError) -> [AppliedRevision] {
        guard try tableExists(on: connection) else { return [] }
        let result = try connection.execute(
            """
            SELECT revision, position, parent, chain_hash, up_sha256, down_sha256, message,
                   to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), applied_by, execution_ms,
                   coalesce((to_jsonb(v) ->> 'complete')::boolean, true),
                   coalesce((to_jsonb(v) ->> 'stamped')::boolean, false)
            FROM \(qualifiedName) v ORDER BY position
            """)
        var rows: [AppliedRevision] = []
        for row in 0..<result.rowCount {
            rows.append(
                AppliedRevision(
                    revision: result.value(row: row, column: 0) ?? "",
                    position: Int(result.value(row: row, column: 1) ?? "") ?? 0,
                    parent: result.value(row: row, column: 2),
                    chainHash: result.value(row: row, column: 3) ?? "",
                    upSHA256: result.value(row: row, column: 4) ?? "",
                    downSHA256: result.value(row: row, column: 5) ?? "",
                    message: result.value(row: row, column: 6) ?? "",
                    appliedAt: result.value(row: row, column: 7) ?? "",
                    appliedBy: result.value(row: row, column: 8) ?? "",
                    executionMS: Int64(result.value(row: row, column: 9) ?? "") ?? 0,
                    complete: result.value(row: row, column: 10) != "f",
                    stamped: result.value(row: row, column: 11) == "t"))
        }
        return rows
    }

    /// `read`, once no transaction is writing a version row: a run that has just lost the apply
    /// lock may be committing its last revision, and a run that has just taken the lock must see
    /// that commit (a SHARE lock waits for the writer's ROW EXCLUSIVE). On a read-only server
    /// nobody writes, and the plain read is the same.
    public func readAfterWriters(on connection: borrowing Connection) throws(PostgresError) -> [AppliedRevision] {
        guard try tableExists(on: connection) else { return [] }
        _ = try connection.execute("BEGIN")
        do {
            _ = try connection.execute("LOCK TABLE \(qualifiedName) IN SHARE MODE")
            let rows = try read(on: connection)
            _ = try connection.execute("COMMIT")
            return rows
        } catch {
            _ = try? connection.execute("ROLLBACK")
            if ["25006", "42501"].contains(error.sqlState) { return try read(on: connection) }
            throw error
        }
    }

    /// The row that records `entry` as applied; `applied_by` defaults to `current_user`.
    public func insertSQL(for entry: ChainEntry, executionMS: Int64, complete: Bool = true) -> String {
        versionTable.insertSQL(for: entry, executionMilliseconds: executionMS, complete: complete)
    }

    /// The row `strata stamp` writes: recorded without running (`stamped`).
    public func stampSQL(for entry: ChainEntry) -> String { versionTable.stampSQL(for: entry) }

    /// Marks `entry`'s row complete once its suffix has run, adding the suffix's time (or the
    /// resume's) to `execution_ms`, which the body's transaction recorded without it.
    public func markCompleteSQL(for entry: ChainEntry, addingExecutionMS extra: Int64? = nil) -> String {
        guard let extra else { return versionTable.markCompleteSQL(revision: entry.id) }
        return "UPDATE \(qualifiedName) SET complete = true, execution_ms = coalesce(execution_ms, 0) + \(extra) "
            + "WHERE revision = \(VersionTable.literal(entry.id));"
    }

    /// Adds the `complete` column to an older version table.
    public var addCompleteColumnSQL: String { versionTable.addCompleteColumnSQL }

    /// Removes `entry`'s row (the plan only ever removes the newest).
    public func deleteSQL(for entry: ChainEntry) -> String {
        versionTable.deleteSQL(revision: entry.id)
    }

    /// `CREATE TABLE IF NOT EXISTS` of the version table.
    public var createSQL: String { versionTable.createSQL }
}
