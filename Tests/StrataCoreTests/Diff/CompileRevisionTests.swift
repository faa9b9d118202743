import Testing
@testable import StrataCore

@Suite struct CompileRevisionTests {
    typealias F = Fixtures

    @Test func droppingAColumnIsRefusedWithoutAllowDestructive() {
        let old = F.schema(tables: [F.threads()])
        let new = F.schema(tables: [F.table("threads", [F.id()])])
        let (outcome, diagnostics) = compile(new, over: old)
        #expect(outcome.compiled == nil)
        #expect(
            diagnostics == [
                .error(
                    "this revision would lose data; compile it with --allow-destructive if that is intended",
                    notes: [
                        .init(
                            "would lose: drop column negentropy.threads.title: deletes the data of column negentropy.threads.title; "
                                + "the down script re-adds title empty: it restores the column, not its data (ACCESS EXCLUSIVE on negentropy.threads)"
                        )
                    ])
            ])
        let (allowed, none) = compile(new, over: old, allowDestructive: true)
        #expect(none.isEmpty)
        #expect(allowed.compiled?.hazards.count == 1)
        #expect(allowed.compiled?.upSQL.contains("ALTER TABLE negentropy.threads DROP COLUMN title;\n") == true)
        #expect(allowed.compiled?.downSQL.contains("ALTER TABLE negentropy.threads ADD COLUMN title text;\n") == true)
    }

    @Test func aVanishedAndANewColumnOfTheSameTypeAreADropAndAnAddWithAllowDestructive() throws {
        let old = F.schema(tables: [F.threads()])
        let new = F.schema(tables: [F.table("threads", [F.id(), F.column("subject", F.text, line: 7)])])
        // Without the flag: still the question (is this a rename?).
        let (refused, question) = compile(new, over: old)
        #expect(refused.compiled == nil)
        #expect(question.map(\.message) == [
            "column `threads.subject` is new and column `title` of the same type (text) is gone: is this a rename?"
        ])
        let (outcome, diagnostics) = compile(new, over: old, allowDestructive: true)
        #expect(diagnostics.isEmpty)
        let revision = try #require(outcome.compiled)
        #expect(revision.upSQL.contains("ALTER TABLE negentropy.threads DROP COLUMN title;\n"))
        #expect(revision.upSQL.contains("ALTER TABLE negentropy.threads ADD COLUMN subject text;\n"))
        #expect(
            revision.hazards == [
                "drop column negentropy.threads.title: deletes the data of column negentropy.threads.title (not a rename: "
                    + "no renamed_from on the new column subject); the down script re-adds title empty: it restores the "
                    + "column, not its data (ACCESS EXCLUSIVE on negentropy.threads)",
                "add column negentropy.threads.subject text: a catalog-only change, but it waits for running queries, "
                    + "and queries queue behind it meanwhile (ACCESS EXCLUSIVE on negentropy.threads)",
            ])
        #expect(revision.downSQL.contains("ALTER TABLE negentropy.threads DROP COLUMN subject;\n"))
        #expect(revision.downSQL.contains("ALTER TABLE negentropy.threads ADD COLUMN title text;\n"))
    }

    @Test func addColumnChangeLinesNameNotNullAndDefault() throws {
        let old = F.schema(tables: [F.threads()])
        let new = F.schema(tables: [
            F.table(
                "threads",
                [
                    F.id(), F.column("title", F.text), F.column("score", F.type("integer"), nullable: false, default: "0"),
                    F.column("note", F.text),
                ])
        ])
        let revision = try #require(compile(new, over: old).0.compiled)
        #expect(
            revision.changes == [
                "add column negentropy.threads.score integer NOT NULL DEFAULT 0", "add column negentropy.threads.note text",
            ])
        #expect(revision.upSQL.contains("--   - add column negentropy.threads.score integer NOT NULL DEFAULT 0\n"))
    }

    @Test func discardingUsingIsDestructive() {
        let old = F.schema(tables: [F.table("t", [F.id(), F.column("e", F.vector(768))])])
        let new = F.schema(tables: [F.table("t", [F.id(), F.column("e", F.vector(1536), using: "NULL")])])
        let (refused, diagnostics) = compile(new, over: old)
        #expect(refused.compiled == nil)
        #expect(diagnostics.first?.notes.first?.message.contains("USING NULL discards every value of negentropy.t.e") == true)
        let revision = compile(new, over: old, allowDestructive: true).0.compiled
        #expect(revision?.upSQL.contains("ALTER TABLE negentropy.t ALTER COLUMN e TYPE public.vector(1536) USING NULL;") == true)
        #expect(revision?.downSQL.contains("ALTER TABLE negentropy.t ALTER COLUMN e TYPE public.vector(768) USING NULL;") == true)
    }

    @Test func aTypeChangeWithoutAnAutomaticCastNeedsUsingAndItsDownCastsBack() {
        let numbers = F.schema(tables: [F.table("t", [F.id(), F.column("n", F.type("integer"))])])
        let text = F.schema(tables: [F.table("t", [F.id(), F.column("n", F.text)])])
        // text to integer: PostgreSQL refuses without USING, so compile does.
        let (refused, diagnostics) = compile(numbers, over: text)
        #expect(refused.compiled == nil)
        #expect(
            diagnostics.map(\.message) == [
                "cannot change the type of column 't.n' from text to integer without 'using': PostgreSQL has no automatic cast between them"
            ])
        #expect(diagnostics.first?.notes.map(\.message) == ["to convert each value, add to the column:  using: \"n::integer\""])
        // integer to text needs nothing; its down goes back from text, with the cast spelled out.
        let revision = compile(text, over: numbers).0.compiled
        #expect(revision?.upSQL.contains("ALTER TABLE negentropy.t ALTER COLUMN n TYPE text;\n") == true)
        #expect(revision?.downSQL.contains("ALTER TABLE negentropy.t ALTER COLUMN n TYPE integer USING n::integer;\n") == true)
    }

    @Test func sameSchemaCompilesToNoChanges() {
        let schema = F.schema(tables: [F.threads()])
        let (outcome, diagnostics) = compile(schema, over: schema)
        #expect(diagnostics.isEmpty)
        guard case .noChanges = outcome else {
            Issue.record("expected noChanges")
            return
        }
    }

    @Test func emptyRevisionKeepsTheParentSnapshotAndRefusesPendingChanges() {
        let schema = F.schema(tables: [F.threads()])
        var request = CompileRequest(
            files: [], parent: ParentRevision(id: "0001_init", snapshot: schema), revisionID: "0002_seed",
            message: "seed", empty: true)
        let revision = compileRevision(request, schema: schema).0.compiled
        #expect(revision?.snapshot == schema)
        #expect(revision?.changes == [])
        #expect(revision?.upSQL.contains("-- Write this revision's SQL below.") == true)
        request.parent = ParentRevision(id: "0001_init", snapshot: F.schema())
        let (refused, diagnostics) = compileRevision(request, schema: schema)
        #expect(refused.compiled == nil)
        #expect(diagnostics.first?.message == "the YAML has schema changes not compiled yet; an empty revision must not hide them")
    }

    @Test func outputIsDeterministic() {
        let new = F.schema(tables: [F.memories(), F.threads()])
        let first = compile(new, over: nil).0.compiled
        let second = compile(new, over: nil).0.compiled
        #expect(first?.upSQL == second?.upSQL)
        #expect(first?.downSQL == second?.downSQL)
        #expect(first?.upSQL.hasSuffix(";\n") == true)
    }
}
