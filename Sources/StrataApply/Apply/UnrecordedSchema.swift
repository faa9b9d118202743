/// A managed schema that already holds objects but has no version table: built by hand, by
/// another tool, or by a version table dropped since. Running revision 1 there fails on "already
/// exists"; the way in is `strata stamp` (whose drift check confirms the schema matches).
public struct UnrecordedSchema: Sendable, Hashable {
    public var schema: String
    /// What is there, as `kind name`, sorted (at most `listed` of them).
    public var objects: [String]
    /// How many objects there are in all.
    public var count: Int

    static let listed = 10

    /// The objects in the managed schema when its version table is missing; nil when the table
    /// exists or the schema is absent or empty. Objects an extension owns (the managed schema may
    /// hold an extension's types) do not count.
    public static func find(
        _ versionRows: VersionRows, on connection: borrowing Connection
    ) throws(PostgresError) -> UnrecordedSchema? {
        guard try !versionRows.tableExists(on: connection) else { return nil }
        let result = try connection.execute(
            """
            SELECT kind || ' ' || name FROM (
                SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
                           WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
                       c.relname AS name, c.oid AS oid, 'pg_class'::regclass AS catalog
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                UNION ALL
                SELECT CASE t.typtype WHEN 'e' THEN 'type' WHEN 'd' THEN 'domain' ELSE 'type' END,
                       t.typname, t.oid, 'pg_type'::regclass
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r')
                UNION ALL
                SELECT 'function', p.proname, p.oid, 'pg_proc'::regclass
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = $1
            ) o
            WHERE NOT EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')
            ORDER BY 1
            """, parameters: [versionRows.schema])
        guard result.rowCount > 0 else { return nil }
        let objects = (0..<min(result.rowCount, listed)).compactMap { result.value(row: $0, column: 0) }
        return UnrecordedSchema(schema: versionRows.schema, objects: objects, count: result.rowCount)
    }

    /// `schema negentropy holds 12 objects (table a, ...) but no version table`.
    public var summary: String {
        let more = count > objects.count ? ", ..." : ""
        return "schema \(schema) holds \(count) object\(count == 1 ? "" : "s") (\(objects.joined(separator: ", "))\(more)) "
            + "but no version table"
    }

    /// What to do about it, naming the bundle directory as the user gave it.
    public func advice(bundle directory: String) -> String {
        "It was built without strata (or its version table was dropped): adopt it with "
            + "`strata stamp \(directory.isEmpty ? "." : directory) REV` for the revision it matches "
            + "(stamp refuses when drift shows it does not), then apply from there."
    }
}
