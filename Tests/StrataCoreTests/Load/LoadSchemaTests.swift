import Testing
@testable import StrataCore

@Suite struct LoadSchemaTests {
    static let specExample = """
        schema:
          name: negentropy
          extensions:
            - { name: vector, schema: public }
          version_table: strata_version
        enums:
          memory_kind: [episodic, semantic, preference]
        sequences:
          events_sequence_num_seq: { start: 1, increment: 1 }
        tables:
          threads:
            columns:
              id: { type: uuid, primary_key: true }
          memories:
            comment: Long-term memories of a user
            renamed_from: memory_items
            columns:
              id:          { type: uuid, primary_key: true, default: gen_random_uuid() }
              user_id:     { type: varchar(255), nullable: false }
              kind:        { type: memory_kind, nullable: false, default: "'episodic'" }
              content:     { type: text, nullable: false }
              embedding:   vector(1536)
              search:      { type: tsvector, generated: "to_tsvector('simple', content)" }
              importance:  { type: double precision, nullable: false, default: 0.5 }
              tags:        { type: "text[]", nullable: false, default: "'{}'" }
              thread_id:   { type: uuid, references: threads.id, on_delete: cascade }
              created_at:  { type: timestamptz, nullable: false, default: now() }
              seq:         { type: bigint, identity: by_default }
            primary_key: [id]
            unique:
              - { name: uq_memories_user_content, columns: [user_id, content], nulls_not_distinct: false }
            checks:
              - { name: ck_memories_importance, expression: "importance BETWEEN 0 AND 1" }
            foreign_keys:
              - { name: fk_memories_thread, columns: [thread_id], references: { table: threads, columns: [id] },
                  on_delete: cascade, on_update: no action, deferrable: false }
            indexes:
              - { name: ix_memories_user, columns: [user_id, created_at] }
              - { name: ix_memories_embedding, columns: [embedding], method: hnsw,
                  opclass: vector_cosine_ops, with: { m: 16, ef_construction: 64 } }
              - { name: uq_memories_active, columns: [user_id], unique: true, where: "kind = 'semantic'" }
              - { name: ix_memories_search, columns: [search], method: gin }
              - { name: ix_memories_lower, expression: "lower(content)", include: [user_id] }
        """

    @Test func loadsTheSpecExample() throws {
        let (schema, diagnostics) = load(Self.specExample)
        #expect(diagnostics == [])
        let loaded = try #require(schema)
        #expect(loaded.name == "negentropy")
        #expect(loaded.extensions == [Extension(name: "vector", schema: "public")])
        #expect(loaded.enums == [EnumType(name: "memory_kind", values: ["episodic", "semantic", "preference"])])
        #expect(loaded.sequences == [SequenceDefinition(name: "events_sequence_num_seq", options: SequenceOptions(start: 1, increment: 1))])
        let memories = try #require(loaded.table(named: "memories"))
        #expect(memories.origin.renamedFrom == "memory_items")
        #expect(memories.columns.map(\.name) == [
            "id", "user_id", "kind", "content", "embedding", "search", "importance", "tags", "thread_id", "created_at", "seq",
        ])
        #expect(memories.column(named: "id")?.nullable == false)
        #expect(memories.column(named: "user_id")?.type == ColumnType(name: "character varying", modifiers: [255]))
        #expect(memories.column(named: "kind")?.type == ColumnType(schema: "negentropy", name: "memory_kind"))
        #expect(memories.column(named: "kind")?.defaultExpression == "'episodic'")
        #expect(memories.column(named: "embedding")?.type == ColumnType(schema: "public", name: "vector", modifiers: [1536]))
        #expect(memories.column(named: "embedding")?.nullable == true)
        #expect(memories.column(named: "search")?.generated == GeneratedColumn(expression: "to_tsvector('simple', content)"))
        #expect(memories.column(named: "importance")?.defaultExpression == "0.5")
        #expect(memories.column(named: "tags")?.type == ColumnType(name: "text", isArray: true))
        #expect(memories.column(named: "created_at")?.type.sql == "timestamp with time zone")
        #expect(memories.column(named: "seq")?.identity == Identity(kind: .byDefault))
        #expect(memories.column(named: "seq")?.nullable == false)
        #expect(memories.primaryKey == PrimaryKey(name: "memories_pkey", columns: ["id"]))
        #expect(memories.foreignKeys.map(\.name) == ["fk_memories_thread", "memories_thread_id_fkey"])
        #expect(memories.foreignKeys[1].referencedColumns == ["id"])
        #expect(memories.foreignKeys[1].onDelete == .cascade)
        let embedding = try #require(memories.indexes.first { $0.name == "ix_memories_embedding" })
        #expect(embedding.method == .hnsw)
        #expect(embedding.elements == [IndexElement(.column("embedding"), opclass: QualifiedName(schema: "public", name: "vector_cosine_ops"))])
        // In declared order, as PostgreSQL keeps them.
        #expect(embedding.storageParameters == [StorageParameter(key: "m", value: "16"), StorageParameter(key: "ef_construction", value: "64")])
        let lower = try #require(memories.indexes.first { $0.name == "ix_memories_lower" })
        #expect(lower.elements == [IndexElement(.expression("lower(content)"))])
        #expect(lower.include == ["user_id"])
        #expect(memories.indexes.map(\.name) == ["ix_memories_embedding", "ix_memories_lower", "ix_memories_search", "ix_memories_user", "uq_memories_active"])
    }

    @Test func expandsSerial() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              events:
                columns:
                  id: { type: bigserial, primary_key: true }
            """)
        #expect(diagnostics == [])
        let loaded = try #require(schema)
        let column = try #require(loaded.table(named: "events")?.column(named: "id"))
        #expect(column.type == ColumnType(name: "bigint"))
        #expect(column.nullable == false)
        #expect(column.defaultExpression == "nextval('app.events_id_seq'::regclass)")
        #expect(loaded.sequences == [SequenceDefinition(name: "events_id_seq", dataType: "bigint", ownedBy: ColumnReference(table: "events", column: "id"))])
    }

    @Test func acceptsBOMAndCRLF() throws {
        let text = "\u{FEFF}schema:\r\n  name: app\r\ntables:\r\n  t:\r\n    columns:\r\n      id: uuid\r\n"
        let (schema, diagnostics) = load(text)
        #expect(diagnostics == [])
        #expect(schema?.table(named: "t")?.column(named: "id")?.type == ColumnType(name: "uuid"))
    }

    @Test func originsCarryLocations() throws {
        let marked = MarkedText(settingsBlock + """
            enums:
              1️⃣mood: [a]
            tables:
              2️⃣t:
                columns:
                  3️⃣id: { type: bigint, primary_key: 4️⃣true }
                indexes:
                  - 5️⃣{ columns: [id], method: hash }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(diagnostics == [])
        let loaded = try #require(schema)
        #expect(loaded.enums.first?.origin.location == marked.location("1️⃣"))
        let table = try #require(loaded.table(named: "t"))
        #expect(table.origin.location == marked.location("2️⃣"))
        #expect(table.columns.first?.origin.location == marked.location("3️⃣"))
        #expect(table.primaryKey?.origin.location == marked.location("4️⃣"))
        #expect(table.indexes.first?.origin.location == marked.location("5️⃣"))
    }

    @Test func resultIsInCanonicalOrder() throws {
        let (schema, _) = load(settingsBlock + """
            tables:
              zeta:
                columns:
                  b: text
                  a: text
              alpha:
                columns:
                  x: text
            """)
        #expect(schema?.tables.map(\.name) == ["alpha", "zeta"])
        #expect(schema?.table(named: "zeta")?.columns.map(\.name) == ["b", "a"])
    }
}
