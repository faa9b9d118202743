import Foundation
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
                  n2: { type: bigint, default: "NULL" }
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
            SequenceDefinition(
                name: "counter", dataType: "integer",
                options: SequenceOptions(start: 10, increment: 5, minValue: 1, maxValue: 1000, cache: 20, cycle: true),
                ownedBy: ColumnReference(table: "t", column: "n"), comment: "counts")
        ])
        let t = try #require(loaded.table(named: "t"))
        #expect(t.comment == "a table")
        #expect(t.column(named: "id")?.identity == Identity(kind: .always, options: SequenceOptions(start: 100, increment: 2, cycle: true)))
        #expect(t.column(named: "n")?.defaultExpression == nil)
        #expect(t.column(named: "n2")?.defaultExpression == nil)
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
        #expect(mixed.unique && mixed.nullsNotDistinct && mixed.concurrently == true)
        #expect(mixed.comment == "mixed keys")
        #expect(mixed.storageParameters == [StorageParameter(key: "fillfactor", value: "70")])
        let map = try #require(t.indexes.first { $0.name == "ix_map" })
        #expect(map.elements.map(\.opclass) == [QualifiedName(name: "text_pattern_ops"), nil])
        let e = try #require(t.indexes.first { $0.name == "ix_e" })
        #expect(e.method == .ivfflat)
        #expect(e.elements.first?.opclass == QualifiedName(schema: "public", name: "halfvec_l2_ops"))
    }

    /// `online` in the `schema:` block (default true, not part of a snapshot) and an index's
    /// `concurrently`: absent (the default: decided by whether the table exists), true or false.
    @Test func onlineSettings() throws {
        let (schema, diagnostics) = load("""
            schema:
              name: app
              online: false
            tables:
              t:
                columns:
                  a: integer
                indexes:
                  - { name: ix_default, columns: [a] }
                  - { name: ix_plain, columns: [a], concurrently: false }
                  - { name: ix_always, columns: [a], concurrently: true }
            """)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(schema)
        #expect(loaded.online == false)
        let indexes = try #require(loaded.table(named: "t")).indexes
        #expect(indexes.map(\.concurrently) == [true, nil, false])  // sorted by name: always, default, plain
        // How to migrate is not what the schema is: a snapshot does not record `online`.
        let encoded = String(decoding: try JSONEncoder().encode(loaded), as: UTF8.self)
        #expect(!encoded.contains("online"))
        #expect(try JSONDecoder().decode(Schema.self, from: Data(encoded.utf8)).online)
        let (defaulted, _) = load("schema:\n  name: app\n")
        #expect(defaulted?.online == true)
    }

    @Test func whitespaceFoldingKeepsQuotedText() {
        #expect(foldWhitespace("  a  =\n 'x  y'   AND \"B  c\" ") == "a = 'x  y' AND \"B  c\"")
    }
}

extension DecodingTests {
    @Test func choicesAcceptUnderscoresOrSpaces() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              p:
                columns:
                  id: { type: bigint, primary_key: true }
              t:
                columns:
                  a: { type: bigint, identity: by default }
                  b: { type: bigint, identity: BY_DEFAULT }
                  p1: { type: bigint, references: p.id, on_delete: set_null, on_update: No Action }
            """)
        #expect(diagnostics == [])
        let t = try #require(schema?.table(named: "t"))
        #expect(t.column(named: "a")?.identity?.kind == .byDefault)
        #expect(t.column(named: "b")?.identity?.kind == .byDefault)
        #expect(t.foreignKeys.first?.onDelete == .setNull)
        #expect(t.foreignKeys.first?.onUpdate == .noAction)
    }

    @Test func unknownChoiceListsTheValidOnes() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: { type: bigint, identity: 1️⃣allways }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics == [
            .error("unknown value `allways` for `identity` of column `t.a`; expected one of `always`, `by_default`",
                   at: marked.location("1️⃣"), notes: [Diagnostic.Note("did you mean `always`?")])
        ])
    }
}

extension DecodingTests {
    @Test func mergeKeysShareColumnDefinitions() throws {
        let (merged, mergedDiagnostics) = load(settingsBlock + """
            tables:
              base:
                columns: &timestamps
                  created_at: { type: timestamptz, nullable: false, default: now() }
                  updated_at: { type: timestamptz, nullable: false, default: now() }
              t:
                columns:
                  id: { type: bigint, primary_key: true }
                  <<: *timestamps
                  updated_at: timestamptz
            """)
        #expect(mergedDiagnostics == [])
        let t = try #require(merged?.table(named: "t"))
        // Merged entries take the place of `<<`; an entry written in the mapping overrides its copy.
        #expect(t.columns.map(\.name) == ["id", "created_at", "updated_at"])
        #expect(t.column(named: "updated_at")?.nullable == true)
        #expect(t.column(named: "created_at")?.defaultExpression == "now()")
    }

    @Test func mergeKeyNeedsAMapping() {
        let marked = MarkedText(settingsBlock + "tables:\n  t:\n    columns:\n      <<: [1️⃣a]\n      id: uuid\n")
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics == [.error("a merge key `<<` takes mappings, found `a`", at: marked.location("1️⃣"))])
    }
}
