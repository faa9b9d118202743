import Testing
import StrataCore
@testable import StrataApply
import StrataTestSupport

/// Introspection of a real schema and drift detection against the declared model.
@Suite(.requiresDatabase) struct IntrospectionTests {
    static let setup = """
        CREATE EXTENSION vector;
        CREATE SCHEMA negentropy;
        COMMENT ON SCHEMA negentropy IS 'memory store';
        CREATE TYPE negentropy.status AS ENUM ('new', 'done');
        CREATE TABLE negentropy.strata_version (revision text PRIMARY KEY);
        CREATE TABLE negentropy.memory (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          kind negentropy.status NOT NULL DEFAULT 'new',
          title character varying(200) COLLATE "C",
          n integer CHECK (n>0),
          total integer GENERATED ALWAYS AS (n*2) STORED,
          embedding public.vector(3),
          created_at timestamp(3) with time zone NOT NULL DEFAULT now(),
          CONSTRAINT memory_title_key UNIQUE NULLS NOT DISTINCT (title)
        );
        COMMENT ON COLUMN negentropy.memory.title IS 'the title';
        COMMENT ON TABLE negentropy.memory IS 'memories';
        CREATE TABLE negentropy.link (
          id serial PRIMARY KEY,
          memory_id bigint NOT NULL REFERENCES negentropy.memory (id) ON DELETE CASCADE DEFERRABLE
        );
        CREATE INDEX memory_embedding_idx ON negentropy.memory USING hnsw (embedding public.vector_cosine_ops)
          WITH (m = 16, ef_construction = 64);
        CREATE INDEX memory_lower_title_idx ON negentropy.memory (lower(title) DESC NULLS LAST) WHERE n > 1;
        CREATE INDEX memory_kind_idx ON negentropy.memory (kind) INCLUDE (n);
        COMMENT ON INDEX negentropy.memory_kind_idx IS 'by kind';
        """

    /// The same schema as the model declares it (expressions as a person writes them).
    static var declared: Schema {
        let memory = Table(
            name: "memory", comment: "memories",
            columns: [
                Column(name: "id", type: ColumnType(name: "bigint"), nullable: false, identity: Identity(kind: .always)),
                Column(name: "kind", type: ColumnType(schema: "negentropy", name: "status"), nullable: false, defaultExpression: "'new'"),
                Column(name: "title", type: ColumnType(name: "character varying", modifiers: [200]), collation: "C", comment: "the title"),
                Column(name: "n", type: ColumnType(name: "integer")),
                Column(name: "total", type: ColumnType(name: "integer"), generated: GeneratedColumn(expression: "n * 2")),
                Column(name: "embedding", type: ColumnType(schema: "public", name: "vector", modifiers: [3])),
                Column(name: "created_at", type: ColumnType(name: "timestamp with time zone", modifiers: [3]), nullable: false, defaultExpression: "now()"),
            ],
            primaryKey: PrimaryKey(name: "memory_pkey", columns: ["id"]),
            uniqueConstraints: [UniqueConstraint(name: "memory_title_key", columns: ["title"], nullsNotDistinct: true)],
            checks: [CheckConstraint(name: "memory_n_check", expression: "n > 0")],
            indexes: [
                Index(
                    name: "memory_embedding_idx", method: .hnsw,
                    elements: [IndexElement(.column("embedding"), opclass: QualifiedName(schema: "public", name: "vector_cosine_ops"))],
                    storageParameters: [StorageParameter(key: "ef_construction", value: "64"), StorageParameter(key: "m", value: "16")]),
                Index(name: "memory_kind_idx", elements: [IndexElement(.column("kind"))], include: ["n"], comment: "by kind"),
                Index(
                    name: "memory_lower_title_idx", elements: [IndexElement(.expression("lower(title)"), order: .desc, nulls: .last)],
                    predicate: "n > 1"),
            ])
        let link = Table(
            name: "link",
            columns: [
                Column(name: "id", type: ColumnType(name: "integer"), nullable: false, defaultExpression: "nextval('negentropy.link_id_seq'::regclass)"),
                Column(name: "memory_id", type: ColumnType(name: "bigint"), nullable: false),
            ],
            primaryKey: PrimaryKey(name: "link_pkey", columns: ["id"]),
            foreignKeys: [
                ForeignKey(
                    name: "link_memory_id_fkey", columns: ["memory_id"], referencedTable: "memory", referencedColumns: ["id"],
                    onDelete: .cascade, deferrability: Deferrability(deferrable: true))
            ])
        var schema = Schema(
            name: "negentropy", comment: "memory store", extensions: [Extension(name: "vector", schema: "public")],
            enums: [EnumType(name: "status", values: ["new", "done"])],
            sequences: [StrataCore.SequenceDefinition(name: "link_id_seq", dataType: "integer", ownedBy: ColumnReference(table: "link", column: "id"))],
            tables: [memory, link])
        schema.normalizeOrder()
        return schema
    }

    @Test func readsEveryObjectOfTheSchema() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(Self.setup)
            try connection.execute("SET search_path = negentropy, public")
            let live = try introspectSchema(named: "negentropy", on: connection)
            #expect(try connection.query("SHOW search_path") == [["negentropy, public"]])
            #expect(live.exists)
            #expect(live.unmodeled.isEmpty)
            let schema = live.schema
            #expect(schema.comment == "memory store")
            #expect(schema.tables.map(\.name) == ["link", "memory"])
            #expect(schema.enums == [EnumType(name: "status", values: ["new", "done"])])
            #expect(schema.sequences.map(\.name) == ["link_id_seq"])
            #expect(schema.sequences.first?.ownedBy == ColumnReference(table: "link", column: "id"))
            let memory = try #require(schema.table(named: "memory"))
            #expect(memory.columns.map(\.name) == ["id", "kind", "title", "n", "total", "embedding", "created_at"])
            #expect(memory.column(named: "kind")?.type == ColumnType(schema: "negentropy", name: "status"))
            #expect(memory.column(named: "kind")?.defaultExpression == "'new'::negentropy.status")
            #expect(memory.column(named: "embedding")?.type == ColumnType(schema: "public", name: "vector", modifiers: [3]))
            #expect(memory.column(named: "created_at")?.type == ColumnType(name: "timestamp with time zone", modifiers: [3]))
            #expect(memory.column(named: "title")?.collation == "C")
            #expect(memory.column(named: "title")?.comment == "the title")
            #expect(memory.column(named: "total")?.generated == GeneratedColumn(expression: "n * 2", stored: true))
            #expect(memory.column(named: "id")?.identity?.kind == .always)
            #expect(memory.checks == [CheckConstraint(name: "memory_n_check", expression: "n > 0")])
            #expect(memory.indexes.map(\.name) == ["memory_embedding_idx", "memory_kind_idx", "memory_lower_title_idx"])
            let hnsw = memory.indexes[0]
            #expect(hnsw.method == .hnsw)
            #expect(hnsw.elements == [IndexElement(.column("embedding"), opclass: QualifiedName(schema: "public", name: "vector_cosine_ops"))])
            #expect(hnsw.storageParameters == [StorageParameter(key: "ef_construction", value: "64"), StorageParameter(key: "m", value: "16")])
            #expect(memory.indexes[1].include == ["n"])
            #expect(memory.indexes[1].comment == "by kind")
            #expect(memory.indexes[2].elements == [IndexElement(.expression("lower(title::text)"), order: .desc, nulls: .last)])
            #expect(memory.indexes[2].predicate == "n > 1")
            let link = try #require(schema.table(named: "link"))
            #expect(link.foreignKeys.first?.onDelete == .cascade)
            #expect(link.foreignKeys.first?.deferrability == Deferrability(deferrable: true))
        }
    }

    @Test func declaredSchemaMatchesAfterCanonicalization() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(Self.setup)
            let live = try introspectSchema(named: "negentropy", on: connection)
            let (declared, unresolved) = try canonicalizeExpressions(in: Self.declared, on: connection)
            #expect(unresolved.isEmpty)
            #expect(declared.table(named: "memory")?.column(named: "kind")?.defaultExpression == "'new'::negentropy.status")
            #expect(compareForDrift(declared: declared, live: live).map(\.description) == [])
            #expect(connection.transactionStatus == .idle)
            #expect(try connection.query("SELECT count(*) FROM pg_class WHERE relname = 'strata_probe'") == [["0"]])
        }
    }

    @Test func reportsEveryKindOfDrift() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(Self.setup)
            try connection.execute(
                """
                DROP INDEX negentropy.memory_kind_idx;
                ALTER TABLE negentropy.memory ALTER COLUMN created_at TYPE timestamp with time zone;
                ALTER TABLE negentropy.memory ADD COLUMN extra text;
                ALTER TABLE negentropy.memory ALTER COLUMN kind SET DEFAULT 'done';
                ALTER TABLE negentropy.memory ALTER COLUMN title SET NOT NULL;
                ALTER TYPE negentropy.status ADD VALUE 'archived';
                CREATE TABLE negentropy.stray (id int);
                CREATE VIEW negentropy.memory_view AS SELECT id FROM negentropy.memory;
                """)
            let live = try introspectSchema(named: "negentropy", on: connection)
            let declared = try canonicalizeExpressions(in: Self.declared, on: connection).schema
            let differences = compareForDrift(declared: declared, live: live).map(\.description)
            #expect(
                differences == [
                    "changed enum negentropy.status labels: declared new, done, live new, done, archived",
                    "changed column negentropy.memory.created_at type: declared timestamp(3) with time zone, live timestamp with time zone",
                    "changed column negentropy.memory.kind default: declared 'new'::negentropy.status, live 'done'::negentropy.status",
                    "changed column negentropy.memory.title nullable: declared true, live false",
                    "unexpected column negentropy.memory.extra: text",
                    "missing index memory_kind_idx on negentropy.memory",
                    "unexpected table negentropy.stray",
                ])
            // What strata cannot model is listed apart, once (DriftReport: "not modelled by strata").
            #expect(live.unmodeled == ["relation negentropy.memory_view (relkind v)"])
        }
    }

    @Test func probesEachExpressionOnItsOwn() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(Self.setup)
            var declared = Self.declared
            let memory = declared.tables.firstIndex { $0.name == "memory" }!
            // A default the database cannot evaluate, and a default operator class named explicitly.
            declared.tables[memory].columns[3].defaultExpression = "nextval('negentropy.no_such_seq'::regclass)"
            declared.tables[memory].indexes[1].elements[0].opclass = QualifiedName(name: "enum_ops")
            let (canonical, unresolved) = try canonicalizeExpressions(in: declared, on: connection)
            #expect(unresolved.count == 1)
            #expect(unresolved.first?.hasPrefix("negentropy.memory.n default: relation \"negentropy.no_such_seq\" does not exist") == true)
            let table = try #require(canonical.table(named: "memory"))
            #expect(table.column(named: "kind")?.defaultExpression == "'new'::negentropy.status")
            #expect(table.column(named: "n")?.defaultExpression == "nextval('negentropy.no_such_seq'::regclass)")
            #expect(table.indexes[1].elements[0].opclass == nil)
            #expect(table.indexes[2].elements[0].key == .expression("lower(title::text)"))
            #expect(connection.transactionStatus == .idle)
            let live = try introspectSchema(named: "negentropy", on: connection)
            #expect(compareForDrift(declared: canonical, live: live).map(\.description) == [
                "changed column negentropy.memory.n default: declared nextval('negentropy.no_such_seq'::regclass), live (none)"
            ])
        }
    }

    @Test func missingSchemaIsOneDifference() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let live = try introspectSchema(named: "negentropy", on: connection)
            #expect(!live.exists)
            #expect(compareForDrift(declared: Self.declared, live: live).map(\.description) == ["missing schema negentropy"])
        }
    }

    @Test func invalidIndexIsReported() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(Self.setup)
            try connection.execute("ALTER TABLE negentropy.memory DROP CONSTRAINT memory_title_key")
            try connection.execute("INSERT INTO negentropy.memory (title, n) VALUES ('same', 1), ('same', 2)")
            #expect(throws: PostgresError.self) {
                try connection.execute("CREATE UNIQUE INDEX CONCURRENTLY memory_title_uidx ON negentropy.memory (title)")
            }
            let live = try introspectSchema(named: "negentropy", on: connection)
            // An INVALID index is a modelled object in a state of its own: drift, listed once.
            #expect(live.unmodeled == [])
            #expect(live.invalidIndexes == ["memory_title_uidx"])
            let declared = try canonicalizeExpressions(in: Self.declared, on: connection).schema
            let differences = compareForDrift(declared: declared, live: live).map(\.description)
            #expect(differences == [
                "missing unique constraint memory_title_key on negentropy.memory",
                "unexpected index memory_title_uidx on negentropy.memory: UNIQUE USING btree (title) INVALID (left by a failed concurrent build)",
            ])
        }
    }
}
