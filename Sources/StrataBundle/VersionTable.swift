public import StrataCore

/// The bookkeeping table in the managed schema: one row per applied revision (SPEC §6). The SQL
/// here is shared by `apply` and by the release script, so both record rows identically.
public struct VersionTable: Hashable, Sendable {
    public var schema: String
    public var table: String

    public init(schema: String, table: String = "strata_version") {
        self.schema = schema
        self.table = table
    }

    /// From a snapshot: its managed schema and version table.
    public init(for snapshot: Schema) {
        self.init(schema: snapshot.name, table: snapshot.versionTable)
    }

    /// `schema.table`, each part quoted only when PostgreSQL requires it.
    public var qualifiedName: String {
        Identifier.qualified(schema, table)
    }

    /// `CREATE SCHEMA IF NOT EXISTS <schema>;`
    public var createSchemaSQL: String {
        "CREATE SCHEMA IF NOT EXISTS \(Identifier.quotedIfNeeded(schema));"
    }

    /// `CREATE TABLE IF NOT EXISTS` of the version table. The unique parent (NULLS NOT DISTINCT,
    /// so only one row may have no parent) makes a forked history impossible in the database.
    public var createSQL: String {
        let later = Self.laterColumns.map { "    \($0.name) \($0.definition)" }.joined(separator: ",\n")
        return """
            CREATE TABLE IF NOT EXISTS \(qualifiedName) (
                revision text PRIMARY KEY,
                position integer NOT NULL UNIQUE,
                parent text UNIQUE NULLS NOT DISTINCT,
                chain_hash text NOT NULL,
                up_sha256 text NOT NULL,
                down_sha256 text NOT NULL,
                message text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL DEFAULT current_user,
                execution_ms bigint NOT NULL DEFAULT 0,

            """ + later + "\n);"
    }

    /// A column added after the first release of the table. `createSQL` declares it, and
    /// `upgradeSQL` (the release script) or `addColumnSQL` (`apply`) adds it to a table an earlier
    /// version created: `CREATE TABLE IF NOT EXISTS` leaves such a table as it is. Its default is
    /// what every older row means.
    public struct LaterColumn: Hashable, Sendable {
        public var name: String
        public var definition: String
    }

    /// In the order they were introduced; the one source of the DDL of these columns.
    public static let laterColumns = [
        // False while the up script's suffix of concurrent index builds has not finished.
        LaterColumn(name: "complete", definition: "boolean NOT NULL DEFAULT true"),
        // True when `strata stamp` recorded the revision without running it.
        LaterColumn(name: "stamped", definition: "boolean NOT NULL DEFAULT false"),
    ]

    /// `ALTER TABLE ... ADD COLUMN` of one later column. `apply` runs it only when the column is
    /// missing: altering needs ownership of the table.
    public func addColumnSQL(_ column: LaterColumn) -> String {
        "ALTER TABLE \(qualifiedName) ADD COLUMN \(column.name) \(column.definition);"
    }

    /// One statement that adds every missing later column to an existing version table, silently:
    /// `ADD COLUMN IF NOT EXISTS` would raise a NOTICE for each column already there.
    public var upgradeSQL: String {
        var text = "DO $strata_upgrade$\nBEGIN\n"
        for column in Self.laterColumns {
            text += """
                    IF NOT EXISTS (
                        SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = \(Self.literal(schema)) AND c.relname = \(Self.literal(table))
                          AND a.attname = \(Self.literal(column.name)) AND NOT a.attisdropped
                    ) THEN
                        \(addColumnSQL(column))
                    END IF;

                """
        }
        return text + "END\n$strata_upgrade$;"
    }

    /// The former name of `upgradeSQL`, from when `complete` was the only later column.
    public var addCompleteColumnSQL: String { upgradeSQL }

    /// The columns `insertSQL` fills, in order (the rest take their defaults).
    ///
    /// `complete` is false while the up script's suffix of concurrent index builds (the
    /// no-transaction statements after its last transactional one) has not finished: the row is
    /// written with the body's transaction, before the suffix runs, and `markCompleteSQL` sets it
    /// once the suffix has run. The next apply resumes an incomplete revision first.
    public static let insertColumns = [
        "revision", "position", "parent", "chain_hash", "up_sha256", "down_sha256", "message", "execution_ms",
        "complete",
    ]

    /// The row for `entry` as a complete statement with literals; `complete` is false when a
    /// suffix still has to run after the transaction that writes the row.
    public func insertSQL(for entry: ChainEntry, executionMilliseconds: Int64 = 0, complete: Bool = true) -> String {
        let values = [
            Self.literal(entry.id), String(entry.position), entry.parent.map(Self.literal) ?? "NULL",
            Self.literal(entry.chainHash), Self.literal(entry.up.sha256), Self.literal(entry.down.sha256),
            Self.literal(entry.message), String(executionMilliseconds), complete ? "true" : "false",
        ]
        return "INSERT INTO \(qualifiedName) (\(Self.insertColumns.joined(separator: ", "))) VALUES ("
            + values.joined(separator: ", ") + ");"
    }

    /// The row `strata stamp` writes for `entry`: recorded as applied without running, so
    /// `stamped` is true (rows `apply` writes leave it at its default, false).
    public func stampSQL(for entry: ChainEntry) -> String {
        let values = [
            Self.literal(entry.id), String(entry.position), entry.parent.map(Self.literal) ?? "NULL",
            Self.literal(entry.chainHash), Self.literal(entry.up.sha256), Self.literal(entry.down.sha256),
            Self.literal(entry.message), "0", "true", "true",
        ]
        return "INSERT INTO \(qualifiedName) (\((Self.insertColumns + ["stamped"]).joined(separator: ", "))) VALUES ("
            + values.joined(separator: ", ") + ");"
    }

    /// Records that the suffix of `revision` has run: the revision is complete.
    public func markCompleteSQL(revision: String) -> String {
        "UPDATE \(qualifiedName) SET complete = true WHERE revision = \(Self.literal(revision));"
    }

    /// Removes the row of `revision` (going down).
    public func deleteSQL(revision: String) -> String {
        "DELETE FROM \(qualifiedName) WHERE revision = \(Self.literal(revision));"
    }

    /// A SQL string literal. Backslashes force the `E''` form so the value is the same whatever
    /// `standard_conforming_strings` says.
    public static func literal(_ text: String) -> String {
        if text.contains("\\") {
            return "E'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "''") + "'"
        }
        return "'" + text.replacingAll("'", with: "''") + "'"
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
