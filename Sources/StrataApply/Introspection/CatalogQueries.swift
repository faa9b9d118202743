/// The catalog queries introspection sends, all in one simple-protocol message (one round trip):
/// set-based over the whole managed schema, never one query per table, column, constraint or
/// index. Comments come from joins on `pg_description` rather than `obj_description()`, which
/// runs a query of its own per row.
///
/// Valid on PostgreSQL 15 and later; the few version-dependent columns branch on
/// `server_version_num` (`serverVersion`): NOT NULL constraints are rows of `pg_constraint`
/// (contype `n`) from 18 on and are left out, since nullability is read from `attnotnull`.
struct CatalogQueries {
    let schemaName: String
    let serverVersion: Int

    /// The schema name as a string literal.
    var literal: String { Self.stringLiteral(schemaName) }

    /// `text` as a string literal that reads the same whatever `standard_conforming_strings` is.
    static func stringLiteral(_ text: String) -> String {
        "E'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }

    /// `BEGIN`, the session's settings, `SET LOCAL search_path`, the queries of `CatalogRows` in
    /// its order, `COMMIT`.
    /// Repeatable read gives every query the same snapshot; read only, because introspection
    /// writes nothing and must work on a hot standby.
    var message: String {
        [
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            settings,
            "SET LOCAL search_path = pg_catalog",
            namespace, extensions, enums, sequences, relations, columns, constraints, indexes,
            "COMMIT",
        ].joined(separator: ";\n")
    }

    var namespace: String {
        """
        SELECT d.description FROM pg_namespace n
        LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
        WHERE n.nspname = \(literal)
        """
    }

    /// Whether the server takes writes (drift's expression probe needs them), and the session's
    /// search path (which a probe on another server resolves the declared expressions in).
    var settings: String {
        "SELECT current_setting('default_transaction_read_only'), pg_is_in_recovery(), current_setting('search_path')"
    }

    var extensions: String {
        "SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1"
    }

    var enums: String {
        """
        SELECT t.typname, e.enumlabel, d.description
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        JOIN pg_enum e ON e.enumtypid = t.oid
        LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
        WHERE n.nspname = \(literal)
        ORDER BY t.typname, e.enumsortorder
        """
    }

    /// From `pg_sequence` itself rather than the `pg_sequences` view, whose `last_value` opens
    /// every sequence.
    var sequences: String {
        """
        SELECT sc.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
               s.seqcache, s.seqcycle, dep.deptype, tc.relname, a.attname, d.description
        FROM pg_sequence s
        JOIN pg_class sc ON sc.oid = s.seqrelid
        JOIN pg_namespace sn ON sn.oid = sc.relnamespace
        LEFT JOIN pg_depend dep ON dep.objid = sc.oid AND dep.classid = 'pg_class'::regclass
             AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
        LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
        LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
        LEFT JOIN pg_description d ON d.objoid = sc.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
        WHERE sn.nspname = \(literal)
        ORDER BY sc.relname
        """
    }

    var relations: String {
        """
        SELECT c.relname, c.relkind, d.description
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
        WHERE n.nspname = \(literal) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.relname
        """
    }

    var columns: String {
        """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
               a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid),
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
               d.description, a.attnum
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
        WHERE n.nspname = \(literal) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum
        """
    }

    /// Column lists come from conkey/confkey in key order, as attribute numbers that the reader
    /// maps to the names the column query returned, so no definition text is parsed. The
    /// definition is printed only for the kinds read from it (checks, and the kinds strata does
    /// not model).
    var constraints: String {
        // pg_index.indnullsnotdistinct exists from PostgreSQL 15 on.
        let nullsNotDistinct = serverVersion >= 150000 ? "COALESCE(ix.indnullsnotdistinct, false)" : "false"
        return """
            SELECT c.relname, con.conname, con.contype, con.condeferrable, con.condeferred, con.convalidated,
                   CASE WHEN con.contype NOT IN ('p', 'u', 'f') THEN pg_get_constraintdef(con.oid, true) END,
                   array_to_string(con.conkey, ','), rc.relname, rn.nspname, array_to_string(con.confkey, ','),
                   con.confupdtype, con.confdeltype, con.confmatchtype,
                   \(nullsNotDistinct)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
            WHERE n.nspname = \(literal) AND con.contype <> 'n' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname, con.conname
            """
    }

    /// One row per index column (keys, then INCLUDE columns); indexes that back a primary key,
    /// unique or exclusion constraint are read as that constraint.
    var indexes: String {
        let nullsNotDistinct = serverVersion >= 150000 ? "ix.indnullsnotdistinct" : "false"
        return """
            SELECT t.relname, i.relname, ix.indisunique, ix.indisvalid, am.amname, i.reloptions::text[]::text,
                   pg_get_expr(ix.indpred, ix.indrelid, true), d.description,
                   \(nullsNotDistinct), ix.indnkeyatts, k.n,
                   CASE WHEN ix.indkey[k.n - 1] <> 0 THEN quote_ident(a.attname)
                        ELSE pg_get_indexdef(ix.indexrelid, k.n::int, true) END,
                   ix.indkey[k.n - 1] <> 0, ix.indoption[k.n - 1], opc.opcname, opcn.nspname, opc.opcdefault,
                   CASE WHEN ix.indkey[k.n - 1] <> 0 AND ix.indcollation[k.n - 1] <> a.attcollation
                        THEN co.collname END
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            CROSS JOIN LATERAL generate_series(1, ix.indnatts) AS k(n)
            LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.n - 1]
            LEFT JOIN pg_opclass opc ON k.n <= ix.indnkeyatts AND opc.oid = ix.indclass[k.n - 1]
            LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
            LEFT JOIN pg_collation co ON k.n <= ix.indnkeyatts AND co.oid = ix.indcollation[k.n - 1]
            LEFT JOIN pg_description d ON d.objoid = i.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
            WHERE n.nspname = \(literal) AND t.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                              WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY t.relname, i.relname, k.n
            """
    }
}
