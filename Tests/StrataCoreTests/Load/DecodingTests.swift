import Testing
@testable import StrataCore

/// The less common shapes of SPEC §3 decode into the model.
@Suite struct DecodingTests {
    @Test func columnShapes() throws {
        let (schema, diagnostics) = load("""
            schema:
              name: app
              comment: the app
              version_table: migrations
              extensions:
                - vector
                - { name: pg_trgm, schema: extensions }
            enums:
              mood: { values: [happy, sad], comment: how it feels, renamed_from: feeling }
            sequences:
              counter: { as: int, start: 10, increment: 5, min: 1, max: 1_000, cache: 20, cycle: true, owned_by: t.n, comment: counts }
            tables:
              t:
                comment: a table
                columns:
                  id: { type: integer, identity: { generated: always, start: 100, increment: 2, cycle: true } }
                  n: { type: bigint, default: null }
                  body: { type: text, collation: C, comment: the body, renamed_from: content, using: "body::text" }
                  total: { type: numeric(10), generated: { expression: "n   *\n  2", stored: true } }
                  m: mood
                  ext: public.plugin_visibility
                  flag: { type: boolean, default: true, nullable: false }
                  ratio: { type: real, default: 0.25 }
                primary_key: { columns: [id], name: t_primary, deferrable: true }
            """)
        #expect(diagnostics == [])
        let loaded = try #require(schema)
        #expect(loaded.comment == "the app")
        #expect(loaded.versionTable == "migrations")
        #expect(loaded.extensions == [Extension(name: "pg_trgm", schema: "extensions"), Extension(name: "vector", schema: "public")])
        #expect(loaded.enums.first?.comment == "how it feels")
        #expect(loaded.enums.first?.origin.renamedFrom == "feeling")
        #expect(loaded.sequences == [
            Sequence(name: "counter", dataType: "integer", start: 10, increment: 5, minValue: 1, maxValue: 1000, cache: 20,
                     cycle: true, ownedBy: ColumnReference(table: "t", column: "n"), comment: "counts")
        ])
        let t = try #require(loaded.table(named: "t"))
        #expect(t.comment == "a table")
        #expect(t.column(named: "id")?.identity == Identity(kind: .always, start: 100, increment: 2, cycle: true))
        #expect(t.column(named: "n")?.defaultExpression == nil)
        let body = try #require(t.column(named: "body"))
        #expect(body.collation == "C")
        #expect(body.origin.renamedFrom == "content")
        #expect(body.origin.using == "body::text")
        #expect(t.column(named: "total")?.type.sql == "numeric(10,0)")
        #expect(t.column(named: "total")?.generated == GeneratedColumn(expression: "n * 2", stored: true))
        #expect(t.column(named: "m")?.type == ColumnType(schema: "app", name: "mood"))
        #expect(t.column(named: "ext")?.type == ColumnType(schema: "public", name: "plugin_visibility"))
        #expect(t.column(named: "flag")?.defaultExpression == "true")
        #expect(t.column(named: "ratio")?.defaultExpression == "0.25")
        #expect(t.primaryKey == PrimaryKey(name: "t_primary", columns: ["id"], deferrability: Deferrability(deferrable: true)))
        #expect(t.column(named: "id")?.nullable == false)
    }

    @Test func indexShapes() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              t:
                columns:
                  a: text
                  b: integer
                  e: halfvec(8)
                indexes:
                  - name: ix_mixed
                    columns:
                      - { column: a, collation: C, opclass: text_pattern_ops, order: desc, nulls: first }
                      - { expression: "lower( a )" }
                      - b
                    where: "b >   0"
                    nulls_not_distinct: true
                    unique: true
                    concurrently: true
                    comment: mixed keys
                    with: { fillfactor: 70 }
                  - { name: ix_map, columns: [a, b], opclass: { a: text_pattern_ops } }
                  - { name: ix_e, columns: [e], method: ivfflat, opclass: halfvec_l2_ops, with: { lists: 10 } }
            """)
        #expect(diagnostics == [])
        let t = try #require(schema?.table(named: "t"))
        let mixed = try #require(t.indexes.first { $0.name == "ix_mixed" })
        #expect(mixed.elements == [
            IndexElement(.column("a"), opclass: QualifiedName(name: "text_pattern_ops"), collation: "C", order: .desc, nulls: .first),
            IndexElement(.expression("lower( a )")),
            IndexElement(.column("b")),
        ])
        #expect(mixed.predicate == "b > 0")
        #expect(mixed.unique && mixed.nullsNotDistinct && mixed.concurrently)
        #expect(mixed.comment == "mixed keys")
        #expect(mixed.storageParameters == [StorageParameter(key: "fillfactor", value: "70")])
        let map = try #require(t.indexes.first { $0.name == "ix_map" })
        #expect(map.elements.map(\.opclass) == [QualifiedName(name: "text_pattern_ops"), nil])
        let e = try #require(t.indexes.first { $0.name == "ix_e" })
        #expect(e.method == .ivfflat)
        #expect(e.elements.first?.opclass == QualifiedName(schema: "public", name: "halfvec_l2_ops"))
    }

    @Test func whitespaceFoldingKeepsQuotedText() {
        #expect(foldWhitespace("  a  =\n 'x  y'   AND \"B  c\" ") == "a = 'x  y' AND \"B  c\"")
    }
}
