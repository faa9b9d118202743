import Testing
@testable import StrataCore

/// Load and model errors at marked locations.
@Suite struct LoadErrorTests {
    @Test func unknownKeySuggestsTheClosest() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: { type: text, 1️⃣defualt: "'x'" }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == marked.location("1️⃣"))
        #expect(diagnostics.first?.notes == [Diagnostic.Note("did you mean `default`?")])
    }

    @Test func duplicateTableAcrossFilesCitesBoth() {
        let first = MarkedText(settingsBlock + "tables:\n  1️⃣users:\n    columns:\n      id: uuid\n")
        let second = MarkedText("tables:\n  2️⃣users:\n    columns:\n      id: uuid\n")
        let (schema, diagnostics) = load([("a.yaml", first.text), ("b.yaml", second.text)])
        #expect(schema == nil)
        #expect(diagnostics == [
            .error("table `users` is declared twice", at: second.location("2️⃣", file: "b.yaml"),
                   notes: [Diagnostic.Note("first declared here", at: first.location("1️⃣", file: "a.yaml"))])
        ])
    }

    @Test func duplicateEnumAcrossFilesCitesBoth() {
        let first = MarkedText(settingsBlock + "enums:\n  1️⃣kind: [a, b]\n")
        let second = MarkedText("enums:\n  2️⃣kind: [c]\n")
        let (_, diagnostics) = load([("a.yaml", first.text), ("b.yaml", second.text)])
        #expect(diagnostics.map(\.location) == [second.location("2️⃣", file: "b.yaml")])
        #expect(diagnostics.first?.notes.first?.location == first.location("1️⃣", file: "a.yaml"))
    }

    @Test func secondSchemaBlockIsAnError() {
        let first = MarkedText("1️⃣schema:\n  name: app\n")
        let second = MarkedText("2️⃣schema:\n  name: other\n")
        let (schema, diagnostics) = load([("a.yaml", first.text), ("b.yaml", second.text)])
        #expect(schema == nil)
        #expect(diagnostics.map(\.location) == [second.location("2️⃣", file: "b.yaml")])
        #expect(diagnostics.first?.notes.first?.location == first.location("1️⃣", file: "a.yaml"))
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: { type: 1️⃣strng }
                  b: { type: integer, nullable: 2️⃣maybe }
                  c: { type: bigint, references: 3️⃣nowhere.id }
                indexes:
                  - { columns: [4️⃣d] }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        var collector = DiagnosticCollector()
        for diagnostic in diagnostics { collector.emit(diagnostic) }
        #expect(collector.sorted.map(\.location) == ["1️⃣", "2️⃣", "3️⃣", "4️⃣"].map { marked.location($0) })
    }

    @Test func foreignKeyNeedsANonDeferrableKey() {
        let marked = MarkedText(settingsBlock + """
            tables:
              p:
                columns:
                  id: bigint
                  code: text
                unique:
                  - { columns: [code], deferrable: true }
                primary_key: { columns: [id] }
              c:
                columns:
                  code: { type: text, references: 1️⃣p.code }
                  p_id: { type: bigint, references: p.id }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.message.contains("deferrable") == true)
    }

    @Test func foreignKeyToAUniqueIndexOrConstraintIsFine() {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              p:
                columns:
                  a: integer
                  b: integer
                  c: text
                unique:
                  - [a, b]
                indexes:
                  - { columns: [c], unique: true }
              q:
                columns:
                  x: bigint
                  y: smallint
                  c: varchar(10)
                foreign_keys:
                  - { columns: [y, x], references: { table: p, columns: [b, a] }, match: full }
                  - { columns: [c], references: { table: p, columns: [c] }, deferrable: true, initially_deferred: true }
            """)
        #expect(diagnostics == [])
        let keys = schema?.table(named: "q")?.foreignKeys ?? []
        #expect(keys.map(\.name) == ["q_c_fkey", "q_y_x_fkey"])
        #expect(keys.first?.deferrability == Deferrability(deferrable: true, initiallyDeferred: true))
        #expect(keys.last?.match == .full)
    }

    @Test func keysOnVirtualColumnsAreRefused() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: integer
                  b: { type: integer, generated: { expression: "a * 2", stored: false } }
                unique:
                  - [1️⃣b]
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
    }

    @Test func identityAndDefaultConflict() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  id: { type: bigint, identity: 2️⃣always, default: 1️⃣"1" }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.notes.first?.location == marked.location("2️⃣"))
    }

    @Test func primaryKeyTwiceIsAnError() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: { type: integer, primary_key: true }
                  b: { type: integer, primary_key: 1️⃣true }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.notes.first?.message == "for a composite key write `primary_key: [a, b]` on the table")
    }

    @Test func columnAndTableLevelKeysMustAgree() {
        let same = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  id: { type: integer, primary_key: true }
                primary_key: { name: t_key, columns: [id] }
            """)
        let (schema, sameDiagnostics) = load(same.text)
        #expect(sameDiagnostics == [])
        #expect(schema?.table(named: "t")?.primaryKey == PrimaryKey(name: "t_key", columns: ["id"]))

        let different = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  id: { type: integer, primary_key: true }
                  other: integer
                primary_key: 1️⃣[id, other]
            """)
        let (_, diagnostics) = load(different.text)
        #expect(diagnostics.map(\.location) == [different.location("1️⃣")])
        #expect(diagnostics.first?.message.contains("two different primary keys") == true)
    }

    @Test func ownedByMustNameAColumn() {
        let marked = MarkedText(settingsBlock + """
            sequences:
              s: { owned_by: 1️⃣t.nope }
            tables:
              t:
                columns:
                  id: bigint
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
    }

    @Test func halfvecCastExpressionIsAccepted() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              docs:
                columns:
                  embedding: vector(3072)
                indexes:
                  - { name: ix_docs_embedding, expression: "(embedding::halfvec(3072))", method: hnsw,
                      opclass: halfvec_cosine_ops, with: { m: 16, ef_construction: 64 } }
            """)
        #expect(diagnostics == [])
        let index = try #require(schema?.table(named: "docs")?.indexes.first)
        #expect(index.elements == [IndexElement(.expression("(embedding::halfvec(3072))"), opclass: QualifiedName(schema: "public", name: "halfvec_cosine_ops"))])
    }

    @Test func castOverTheLimitIsRefused() {
        let marked = MarkedText(settingsBlock + """
            tables:
              docs:
                columns:
                  embedding: vector(5000)
                indexes:
                  - { expression: 1️⃣"(embedding::halfvec(5000))", method: hnsw, opclass: halfvec_cosine_ops }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.notes.first?.message.contains("binary_quantize") == true)
    }

    @Test func typelessVectorCannotBeIndexedByHNSW() {
        let marked = MarkedText(settingsBlock + """
            tables:
              docs:
                columns:
                  embedding: vector
                indexes:
                  - { columns: [1️⃣embedding], method: hnsw, opclass: vector_l2_ops }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.message.contains("no dimensions") == true)
    }

    @Test func versionTableNameIsReserved() {
        let marked = MarkedText(settingsBlock + """
            tables:
              1️⃣strata_version:
                columns:
                  id: bigint
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
        #expect(diagnostics.first?.message == "table name `strata_version` is the name of strata's version table")
    }

    @Test func tableNeedsColumns() {
        let marked = MarkedText(settingsBlock + "tables:\n  1️⃣t:\n    comment: nothing\n")
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics == [.error("table `t` needs `columns`", at: marked.location("1️⃣"))])
    }

    @Test func notYAMLAtAll() {
        let (schema, diagnostics) = load("just some words, not a schema\n")
        #expect(schema == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.hasPrefix("expected a mapping") == true)
    }
}

extension LoadErrorTests {
    @Test func checkCannotReuseAKeyNameOfItsTable() {
        let marked = MarkedText(settingsBlock + """
            tables:
              t:
                columns:
                  a: integer
                unique:
                  - { name: 1️⃣t_a, columns: [a] }
                checks:
                  - { name: 2️⃣t_a, expression: "a > 0" }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics == [
            .error("constraint `t_a` of table `t` is declared twice", at: marked.location("2️⃣"),
                   notes: [Diagnostic.Note("first declared here", at: marked.location("1️⃣"))])
        ])
    }
}

extension LoadErrorTests {
    @Test(arguments: [
        ("{ increment: 0 }", "sequence `s`: `increment` must not be zero"),
        ("{ as: smallint, max: 40000 }", "sequence `s`: `max` (40000) is out of range for smallint"),
        ("{ min: 10, max: 5 }", "sequence `s`: `min` (10) must be less than `max` (5)"),
        ("{ start: 0 }", "sequence `s`: `start` (0) must be between min (1) and max (9223372036854775807)"),
        ("{ cache: 0 }", "sequence `s`: `cache` (0) must be at least 1"),
    ])
    func sequenceOptionsAreChecked(_ options: String, _ message: String) {
        let (_, diagnostics) = load(settingsBlock + "sequences:\n  s: \(options)\n")
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func identityOptionsAreChecked() {
        let (_, diagnostics) = load(settingsBlock + """
            tables:
              t:
                columns:
                  id: { type: integer, identity: { generated: always, start: 3000000000 } }
            """)
        #expect(diagnostics.map(\.message) == [
            "identity of column `t.id`: `start` (3000000000) must be between min (1) and max (2147483647)"
        ])
    }
}

extension LoadErrorTests {
    @Test func aBadTypeDoesNotCascade() {
        let marked = MarkedText(settingsBlock + """
            tables:
              p:
                columns:
                  id: { type: 1️⃣bigitn, primary_key: true }
                  body: 2️⃣[not, a, column]
                indexes:
                  - { columns: [id, body] }
                  - { columns: [id], method: hnsw, opclass: vector_l2_ops }
              c:
                columns:
                  p_id: { type: bigint, references: p.id }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics.map(\.location) == [marked.location("2️⃣"), marked.location("1️⃣")])
    }
}

extension LoadErrorTests {
    @Test func aBrokenTableDoesNotCascade() {
        let marked = MarkedText(settingsBlock + """
            tables:
              p:
                columns: 1️⃣[id, name]
                indexes:
                  - { columns: [name] }
              c:
                columns:
                  p_id: { type: bigint, references: p.id }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
    }
}

extension LoadErrorTests {
    @Test func systemSchemaNamesAreRefused() {
        let marked = MarkedText("schema:\n  name: 1️⃣pg_app\n")
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣")])
    }
}

extension LoadErrorTests {
    @Test func enumDefaultMustBeALabel() {
        let marked = MarkedText(settingsBlock + """
            enums:
              status: [open, closed]
            tables:
              t:
                columns:
                  a: { type: status, default: 1️⃣"'opne'" }
                  b: { type: status, default: "'closed'::app.status" }
                  c: { type: status, default: "'it''s'" }
            """)
        let (_, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣"), marked.location("1️⃣").offsetLine(2)])
        #expect(diagnostics.first?.notes == [Diagnostic.Note("did you mean `open`?")])
    }

    @Test func stringLiterals() {
        #expect(ModelBuilder.stringLiteral("'a'") == "a")
        #expect(ModelBuilder.stringLiteral("'a'::text") == "a")
        #expect(ModelBuilder.stringLiteral("'it''s'") == "it's")
        #expect(ModelBuilder.stringLiteral("'a' || 'b'") == nil)
        #expect(ModelBuilder.stringLiteral("now()") == nil)
    }
}

extension StrataCore.SourceLocation {
    /// The same column `count` lines further down.
    func offsetLine(_ count: Int) -> StrataCore.SourceLocation { StrataCore.SourceLocation(file: file, line: line + count, column: column) }
}
