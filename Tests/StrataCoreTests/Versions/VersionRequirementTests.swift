import Testing
@testable import StrataCore

/// What compile knows about versions (SPEC §3.2): the construct table and its scanner, dotted
/// versions, the requirements a revision records with their YAML locations, and the refusal of
/// constructs older declared versions lack.
@Suite struct VersionRequirementTests {
    @Test func dottedVersionsCompareNumerically() throws {
        func v(_ text: String) throws -> ExtensionVersion { try #require(ExtensionVersion(text)) }
        #expect(try v("0.6.2") < v("0.7"))
        #expect(try v("0.7") == v("0.7.0"))
        #expect(try v("0.9") < v("0.10"))
        #expect(try v("0.8.1") > v("0.8"))
        #expect(try v("1.0beta2").components == [1, 0])
        #expect(ExtensionVersion("beta") == nil)
    }

    @Test func theScannerFindsEachConstructAndSkipsStringsAndComments() {
        func names(_ sql: String) -> [String] { RequirementScanner.constructs(in: sql).map(\.name) }
        #expect(names("ALTER TABLE s.t ADD CONSTRAINT k UNIQUE NULLS NOT DISTINCT (a);") == ["NULLS NOT DISTINCT"])
        #expect(names("CREATE TABLE s.t (a int, b int GENERATED ALWAYS AS ((a + 1) * 2) VIRTUAL);") == ["virtual generated column"])
        #expect(names("CREATE TABLE s.t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);") == [])
        #expect(names("ALTER TABLE s.t ALTER COLUMN b SET EXPRESSION AS (a * 3);") == ["ALTER COLUMN ... SET EXPRESSION"])
        #expect(names("CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON s.t FOR EACH ROW EXECUTE FUNCTION f();") == ["CREATE OR REPLACE TRIGGER"])
        #expect(names("CREATE VIEW s.v WITH (security_invoker = true) AS SELECT 1;") == ["security_invoker view"])
        #expect(
            names("CREATE INDEX i ON s.t USING hnsw ((e::public.halfvec(3072)) public.halfvec_cosine_ops);")
                == ["hnsw index", "halfvec", "halfvec"])
        #expect(names("CREATE INDEX i ON s.t USING hnsw (e public.vector_l1_ops);") == ["hnsw index", "vector_l1_ops"])
        #expect(names("CREATE INDEX i ON s.t USING ivfflat (b public.bit_hamming_ops);") == ["bit operator class"])
        #expect(names("CREATE TABLE s.t (e public.sparsevec(5));") == ["sparsevec"])
        #expect(names("SELECT a <+> b, a <~> b, public.binary_quantize(e), subvector(e, 1, 3);").count == 4)
        #expect(names("CREATE TABLE s.t (id uuid DEFAULT uuidv7(), c text COLLATE pg_catalog.pg_unicode_fast);").count == 2)
        #expect(names("CREATE INDEX i ON s.t USING ivfflat (e public.vector_l2_ops);") == [])
        #expect(names("COMMENT ON TABLE s.t IS 'halfvec NULLS NOT DISTINCT'; -- USING hnsw\n/* sparsevec */") == [])
    }

    @Test func compileRecordsWhatTheUpScriptNeedsWithTheYAMLLocation() throws {
        let marked = MarkedText("""
            schema:
              name: app
              extensions: [vector]
            tables:
              t:
                columns:
                  id: { type: bigint, primary_key: true }
                  1️⃣e: halfvec(3)
                  code: text
                unique:
                  2️⃣- { columns: [code], nulls_not_distinct: true }
                indexes:
                  3️⃣- { columns: [e], method: hnsw, opclass: halfvec_l2_ops }
            """)
        let compiled = try #require(compileFirst(marked.text, sourceRoot: "").0.compiled)
        let requires = try #require(compiled.requirements)
        #expect(requires.postgres == PostgresRequirement(
            version: 15, needs: [ConstructUse(construct: "NULLS NOT DISTINCT", version: "15", at: "schema.yaml:\(marked.location("2️⃣").line)")]))
        #expect(requires.extensions.map(\.name) == ["vector"])
        #expect(requires.extensions.first?.version == "0.7")
        #expect(
            requires.extensions.first?.needs == [
                ConstructUse(construct: "halfvec", version: "0.7", at: "schema.yaml:\(marked.location("1️⃣").line)"),
                ConstructUse(construct: "hnsw index", version: "0.5", at: "schema.yaml:\(marked.location("3️⃣").line)"),
                ConstructUse(construct: "halfvec", version: "0.7", at: "schema.yaml:\(marked.location("3️⃣").line)"),
            ])
        // What compile records is what a scan of the script it wrote finds.
        let scanned = Set(RequirementScanner.constructs(in: compiled.upSQL).map(\.name))
        #expect(scanned == Set(requires.uses.map(\.use.construct)))
    }

    @Test func theSchemaDirectoryIsLeftOutOfRecordedLocations() throws {
        let yaml = "schema: { name: app }\ntables:\n  t:\n    columns:\n      id: bigint\n    unique: [ { columns: [id], nulls_not_distinct: true } ]\n"
        let request = CompileRequest(
            files: [SourceFile(path: "schema/app.yaml", contents: Array(yaml.utf8))], parent: nil,
            revisionID: "0001_init", message: "init", sourceRoot: "schema/")
        let (outcome, _) = compileRevision(request)
        #expect(outcome.compiled?.requirements?.postgres?.needs.first?.at == "app.yaml:6")
    }

    @Test func declaredVersionsRefuseWhatTheyLackAtItsLocation() {
        let marked = MarkedText("""
            schema:
              name: app
              2️⃣postgres: 14
            """)
        #expect(load(marked.text).1.map(\.message) == ["strata supports PostgreSQL 15 and later; `schema.postgres` is 14"])

        let refused = MarkedText("""
            schema:
              name: app
              postgres: 3️⃣16
              extensions:
                - { name: vector, version: 4️⃣"0.6.2" }
            tables:
              t:
                columns:
                  id: { type: bigint, primary_key: true }
                  1️⃣e: halfvec(3)
                  2️⃣v: { type: bigint, generated: { expression: id * 2, stored: false } }
                  ok: vector(3)
                indexes:
                  - { columns: [ok], method: hnsw, opclass: vector_cosine_ops }
            """)
        let (outcome, diagnostics) = compileFirst(refused.text, sourceRoot: "")
        #expect(outcome.compiled == nil)
        #expect(diagnostics.map(\.location) == [refused.location("1️⃣"), refused.location("2️⃣")])
        #expect(diagnostics.map(\.message) == [
            "halfvec needs pgvector 0.7, older than the schema block's version \"0.6.2\" of extension vector allows",
            "virtual generated column needs PostgreSQL 18, older than the schema block's postgres: 16 allows",
        ])
        #expect(diagnostics.map { $0.notes.first?.location } == [refused.location("4️⃣"), refused.location("3️⃣")])
    }

    @Test func aTooWideVectorIndexIsNotToldToUseHalfvecBelowPGVector07() {
        let yaml = """
            schema:
              name: app
              extensions: [ { name: vector, version: "0.6.2" } ]
            tables:
              t:
                columns:
                  e: vector(3000)
                indexes:
                  - { columns: [e], method: hnsw, opclass: vector_cosine_ops }
            """
        let notes = load(yaml).1.flatMap(\.notes).map(\.message)
        #expect(notes == [
            "reduce the dimensions to 2000 or fewer: halfvec and binary-quantized indexes need pgvector 0.7, "
                + "and the schema block declares vector 0.6.2"
        ])
    }

    @Test func aGeneratedExpressionChangeNeedsPostgreSQL17() throws {
        let before = "schema: { name: app, postgres: 16 }\ntables:\n  t:\n    columns:\n      a: bigint\n      b: { type: bigint, generated: a * 2 }\n"
        let first = try #require(compileFirst(before, sourceRoot: "").0.compiled)
        let after = before.replacing("a * 2", with: "a * 3")
        let request = CompileRequest(
            files: [SourceFile(path: "schema.yaml", contents: Array(after.utf8))],
            parent: ParentRevision(id: first.id, snapshot: first.snapshot), revisionID: "0002_x", message: "x")
        let (outcome, diagnostics) = compileRevision(request)
        #expect(outcome.compiled == nil)
        #expect(diagnostics.map(\.message) == [
            "ALTER COLUMN ... SET EXPRESSION needs PostgreSQL 17, older than the schema block's postgres: 16 allows"
        ])
        #expect(diagnostics.first?.location?.line == 6)
    }

    @Test func versionsAreValidatedLikeTheRestOfTheYAML() {
        let marked = MarkedText("""
            schema:
              name: app
              postgres: 1️⃣16.2
              extensions:
                - { name: vector, 2️⃣verison: "0.7" }
                - { name: pg_trgm, version: 3️⃣"1.x" }
            """)
        let diagnostics = load(marked.text).1
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣"), marked.location("2️⃣"), marked.location("3️⃣")])
        #expect(diagnostics[1].notes == [Diagnostic.Note("did you mean `version`?")])
        #expect(diagnostics[2].message == "expected a dotted version such as \"0.6.2\" for the `version` of extension `pg_trgm`, found `1.x`")
    }

    func compileFirst(_ yaml: String, sourceRoot: String) -> (CompileOutcome, [Diagnostic]) {
        compileRevision(
            CompileRequest(
                files: [SourceFile(path: "schema.yaml", contents: Array(yaml.utf8))], parent: nil,
                revisionID: "0001_init", message: "init", sourceRoot: sourceRoot))
    }
}
