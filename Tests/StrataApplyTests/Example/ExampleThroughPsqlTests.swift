import Foundation
import Testing
import StrataBundle
import StrataCore
@testable import StrataApply
import StrataTestSupport

/// Runs every script of the example `out/` (at the repository root) through psql against a real
/// PostgreSQL 18 + pgvector, the way an operator without strata would: up to head, down to base,
/// and up/down/up. After each step the live catalog must match the revision's snapshot, and rows
/// inserted after 0001 must survive.
@Suite(.requiresDatabase) struct ExampleThroughPsqlTests {
    /// Up to head (checking the catalog against each snapshot and the data after each step), then
    /// down to base, where the managed schema must be empty and pgvector still installed.
    @Test func upToHeadThenDownToBase() throws {
        let example = try ExampleBundle.load()
        let revisions = example.bundle.chain.revisions
        try TestDatabase.with { database in
            for (index, entry) in revisions.enumerated() {
                try example.runUp(entry, in: database)
                if index == 0 { try ExampleData.insert(in: database) }
                try example.expectMatchesSnapshot(of: entry, in: database)
                try ExampleData.expectIntact(in: database, schema: try example.bundle.snapshot(of: entry))
            }
            for (index, entry) in revisions.enumerated().reversed() {
                try example.runDown(entry, in: database)
                guard index > 0 else { continue }
                let parent = revisions[index - 1]
                try example.expectMatchesSnapshot(of: parent, in: database)
                try ExampleData.expectIntact(in: database, schema: try example.bundle.snapshot(of: parent))
            }
            try example.expectEmptyBase(in: database)
        }
    }

    /// Up to head, down to 0001, up to head again: every down script of a later revision leaves
    /// the database in a state its up script applies to cleanly once more.
    @Test func upDownUp() throws {
        let example = try ExampleBundle.load()
        let revisions = example.bundle.chain.revisions
        try #require(revisions.count >= 2, "the example needs a revision after 0001")
        try TestDatabase.with { database in
            for (index, entry) in revisions.enumerated() {
                try example.runUp(entry, in: database)
                if index == 0 { try ExampleData.insert(in: database) }
            }
            for entry in revisions.dropFirst().reversed() {
                try example.runDown(entry, in: database)
            }
            try example.expectMatchesSnapshot(of: revisions[0], in: database)
            try ExampleData.expectIntact(in: database, schema: try example.bundle.snapshot(of: revisions[0]))
            for entry in revisions.dropFirst() {
                try example.runUp(entry, in: database)
                try example.expectMatchesSnapshot(of: entry, in: database)
                try ExampleData.expectIntact(in: database, schema: try example.bundle.snapshot(of: entry))
            }
        }
    }
}

/// The example bundle at `<repo>/out`, and how to run and check its revisions.
struct ExampleBundle {
    let bundle: MigrationBundle

    /// The repository root, found from this file's path (Tests/StrataApplyTests/Example/).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func load() throws -> ExampleBundle {
        let bundle = try MigrationBundle.load(at: repositoryRoot.appendingPathComponent("out"))
        try #require(!bundle.chain.revisions.isEmpty, "the example out/ has no revisions")
        return ExampleBundle(bundle: bundle)
    }

    var schemaName: String { bundle.chain.schema }

    func runUp(_ entry: ChainEntry, in database: TestDatabase) throws {
        try runScript(entry.up.file, of: entry, direction: "up", in: database)
    }

    func runDown(_ entry: ChainEntry, in database: TestDatabase) throws {
        try runScript(entry.down.file, of: entry, direction: "down", in: database)
    }

    /// `psql -X -q -v ON_ERROR_STOP=1 -f FILE`, deliberately without `-1`: statements marked
    /// `-- strata:no-transaction` (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE) must run
    /// outside a transaction block.
    private func runScript(_ file: String, of entry: ChainEntry, direction: String, in database: TestDatabase) throws {
        let path = bundle.url(of: file).path
        let result = try database.psql(["-f", path])
        if result.status != 0 {
            throw PsqlFailure(revision: entry.id, direction: direction, file: path, status: result.status, stderr: result.stderr)
        }
    }

    /// Compares the live catalog of the managed schema with the snapshot of `entry`.
    func expectMatchesSnapshot(of entry: ChainEntry, in database: TestDatabase) throws {
        let declared = CatalogShape(declared: try bundle.snapshot(of: entry))
        let live = try CatalogShape(liveSchema: schemaName, in: database)
        #expect(live.tables == declared.tables, "tables and columns after \(entry.id)")
        #expect(live.indexes == declared.indexes, "indexes after \(entry.id)")
        #expect(live.enums == declared.enums, "enums after \(entry.id)")
        #expect(live.sequences == declared.sequences, "sequences after \(entry.id)")
        try expectVectorInstalled(in: database)
    }

    /// At base the managed schema holds nothing: no relations (tables, sequences, indexes) and no
    /// types. The version table belongs to `strata apply`, not to the scripts, so it is absent too.
    func expectEmptyBase(in database: TestDatabase) throws {
        let connection = try database.connect()
        let relations = try connection.query(
            "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '\(schemaName)'")
        #expect(relations == [["0"]], "relations left in \(schemaName) at base")
        let types = try connection.query(
            "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = '\(schemaName)'")
        #expect(types == [["0"]], "types left in \(schemaName) at base")
        let comment = try connection.query(
            "SELECT pg_catalog.obj_description(oid, 'pg_namespace') FROM pg_catalog.pg_namespace WHERE nspname = '\(schemaName)'")
        #expect(comment.allSatisfy { $0 == [nil] }, "the schema comment is removed at base")
        try expectVectorInstalled(in: database)
    }

    /// pgvector stays: the down script of 0001 never drops an extension other schemas may use.
    func expectVectorInstalled(in database: TestDatabase) throws {
        let connection = try database.connect()
        let rows = try connection.query(
            "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'")
        #expect(rows == [["public"]], "pgvector is installed in public")
    }
}

/// What the test compares between a snapshot and the live catalog, as sorted plain strings so a
/// mismatch prints readably.
struct CatalogShape: Equatable {
    /// `table: column type, column type, ...`, tables by name, columns in table order.
    var tables: [String]
    /// `table.index`, sorted; includes the indexes behind primary keys and unique constraints.
    var indexes: [String]
    /// `enum: label, label, ...` in label order, sorted by name.
    var enums: [String]
    /// Standalone sequences (not those behind identity columns), sorted.
    var sequences: [String]

    init(declared schema: Schema) {
        tables = schema.tables.sorted { $0.name < $1.name }.map { table in
            table.name + ": " + table.columns.map { $0.name + " " + CatalogShape.normalized($0.type.sql) }.joined(separator: ", ")
        }
        indexes = schema.tables.flatMap { table in
            let names = table.indexes.map(\.name) + (table.primaryKey.map { [$0.name] } ?? []) + table.uniqueConstraints.map(\.name)
            return names.map { table.name + "." + $0 }
        }.sorted()
        enums = schema.enums.map { $0.name + ": " + $0.values.joined(separator: ", ") }.sorted()
        sequences = schema.sequences.map(\.name).sorted()
    }

    /// Reads the managed schema's catalog with `search_path = pg_catalog`, so `format_type()`
    /// qualifies every type outside pg_catalog (`public.vector(1536)`, `negentropy.memory_kind`).
    init(liveSchema schema: String, in database: TestDatabase) throws {
        let connection = try database.connect()
        _ = try connection.execute("SET search_path = pg_catalog")
        let columns = try connection.execute(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
            ORDER BY c.relname, a.attnum
            """, parameters: [schema]
        ).rows
        var byTable: [(name: String, columns: [String])] = []
        for row in columns {
            let (table, column, type) = (row[0] ?? "", row[1] ?? "", row[2] ?? "")
            if byTable.last?.name != table { byTable.append((table, [])) }
            byTable[byTable.count - 1].columns.append(column + " " + CatalogShape.normalized(type))
        }
        tables = byTable.map { $0.name + ": " + $0.columns.joined(separator: ", ") }
        indexes = try connection.execute(
            """
            SELECT t.relname || '.' || i.relname || CASE WHEN x.indisvalid THEN '' ELSE ' (INVALID)' END
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = $1 ORDER BY 1
            """, parameters: [schema]
        ).rows.map { $0[0] ?? "" }
        enums = try connection.execute(
            """
            SELECT t.typname || ': ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = $1 GROUP BY t.typname ORDER BY 1
            """, parameters: [schema]
        ).rows.map { $0[0] ?? "" }
        sequences = try connection.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind = 'S'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
            ORDER BY 1
            """, parameters: [schema]
        ).rows.map { $0[0] ?? "" }
        // Swift's < on String is by code point, like COLLATE "C"; sort anyway so both sides agree.
        tables.sort()
        indexes.sort()
        enums.sort()
        sequences.sort()
    }

    /// One spelling for both sides: identifier quotes dropped, whitespace collapsed.
    static func normalized(_ type: String) -> String {
        type.replacingOccurrences(of: "\"", with: "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A few realistic rows, inserted after 0001 so later revisions run on non-empty tables.
enum ExampleData {
    static let thread = "0b7c2f9e-3d4a-4c1e-9a55-6f1d2e8b7a10"
    static let preference = "5e2a8c14-7b3f-4d09-8e61-2c9f0a4b3d21"
    static let semantic = "9c4d1e72-2a6b-4f38-b1c0-7e5d3a9f8b32"
    static let episodic = "d3f8a6b1-5c2e-4a97-8d14-0b6e9c2f7a43"
    static let document = "71a9e3c5-8d2f-4b60-a4e7-3c1b5d9f0e54"

    /// Expected row counts per table.
    static let counts: [(table: String, rows: Int)] = [
        ("events", 2), ("facts", 1), ("knowledge_chunks", 1), ("knowledge_documents", 1),
        ("memories", 3), ("thread_participants", 2), ("threads", 1),
    ]

    static func insert(in database: TestDatabase) throws {
        let connection = try database.connect()
        _ = try connection.execute(
            """
            BEGIN;
            INSERT INTO negentropy.threads (id, app_name, user_id, title, metadata)
              VALUES ('\(thread)', 'negentropy', 'user-42', 'Planning the Lisbon trip', '{"channel": "web"}');
            INSERT INTO negentropy.thread_participants (thread_id, user_id, role)
              VALUES ('\(thread)', 'user-42', 'user'), ('\(thread)', 'agent', 'assistant');
            INSERT INTO negentropy.events (thread_id, author, payload)
              VALUES ('\(thread)', 'user', '{"text": "I always take the window seat"}'),
                     ('\(thread)', 'assistant', '{"text": "Noted.", "tool_calls": []}');
            INSERT INTO negentropy.memories (id, thread_id, user_id, kind, content, embedding, importance, tags)
              VALUES ('\(preference)', '\(thread)', 'user-42', 'preference', 'Prefers window seats',
                      array_fill(0.1, ARRAY[1536])::public.vector, 0.8, '{travel,seating}'),
                     ('\(semantic)', '\(thread)', 'user-42', 'semantic', 'Lives in Lisbon',
                      array_fill(0.2, ARRAY[1536])::public.vector, 0.6, '{profile}'),
                     ('\(episodic)', NULL, 'user-42', 'episodic', 'Asked about night trains', NULL, 0.3, '{}');
            INSERT INTO negentropy.facts (memory_id, subject, predicate, object, confidence)
              VALUES ('\(preference)', 'user-42', 'prefers_seat', 'window', 0.9);
            INSERT INTO negentropy.knowledge_documents (id, app_name, source_uri, title)
              VALUES ('\(document)', 'negentropy', 'https://example.org/rail-guide', 'Rail guide');
            INSERT INTO negentropy.knowledge_chunks (document_id, position, content, embedding)
              VALUES ('\(document)', 0, 'Night trains leave Lisbon at 21:30.', array_fill(0.05, ARRAY[3072])::public.vector);
            COMMIT;
            """)
    }

    /// The rows are all still there, with their values, in whatever shape `schema` (the snapshot
    /// of the revision just reached) gives the tables.
    static func expectIntact(in database: TestDatabase, schema: Schema) throws {
        let connection = try database.connect()
        for (table, rows) in counts {
            let found = try connection.query("SELECT count(*) FROM negentropy.\(table)")
            #expect(found == [["\(rows)"]], "rows in negentropy.\(table)")
        }
        let embedding = try connection.query(
            "SELECT public.vector_dims(embedding), round(importance::numeric, 1)::text FROM negentropy.memories WHERE id = '\(preference)'")
        #expect(embedding == [["1536", "0.8"]], "the preference memory keeps its embedding and importance")
        let chunk = try connection.query("SELECT public.vector_dims(embedding) FROM negentropy.knowledge_chunks")
        #expect(chunk == [["3072"]], "the chunk keeps its embedding")
        let payload = try connection.query(
            "SELECT payload::jsonb ->> 'text' FROM negentropy.events ORDER BY sequence_num")
        #expect(payload == [["I always take the window seat"], ["Noted."]], "event payloads survive json/jsonb")
        let kinds = try connection.query("SELECT kind::text FROM negentropy.memories ORDER BY content")
        #expect(kinds == [["episodic"], ["semantic"], ["preference"]], "memory kinds survive the enum change")
        // 0003 renames facts.object to object_value: read whichever name this revision declares.
        let facts = schema.tables.first { $0.name == "facts" }
        let objectColumn = facts?.column(named: "object_value") != nil ? "object_value" : "object"
        let object = try connection.query("SELECT \(objectColumn) FROM negentropy.facts")
        #expect(object == [["window"]], "the fact's object survives the rename")
        if schema.tables.first(where: { $0.name == "memories" })?.column(named: "access_count") != nil {
            let accessCounts = try connection.query("SELECT DISTINCT access_count FROM negentropy.memories")
            #expect(accessCounts == [["0"]], "existing memories get access_count's default")
        }
    }
}

/// A script psql refused; its description carries psql's stderr, so the test failure shows the
/// failing statement's error.
struct PsqlFailure: Error, CustomStringConvertible {
    var revision: String
    var direction: String
    var file: String
    var status: Int32
    var stderr: String

    var description: String {
        "psql failed (exit \(status)) running the \(direction) script of \(revision) (\(file)):\n\(stderr)"
    }
}
