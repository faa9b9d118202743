import Foundation
import Testing
@testable import StrataCore

/// Every script is [prefix][body][suffix]: safe no-transaction statements first, the transactional
/// body in dependency order, concurrent index builds last (up only).
@Suite struct ScriptPhasesTests {
    typealias F = Fixtures

    static let concurrentIndex = Index(
        name: "ix_t_a", unique: true, elements: [IndexElement(.column("a"))], concurrently: true)
    static let oldConcurrentIndex = Index(name: "ix_t_old", elements: [IndexElement(.column("b"))], concurrently: true)

    /// A revision renaming a column, adding an enum value (to an enum renamed in the same diff),
    /// dropping one concurrent index and building another with a comment.
    static let changes: [Change] = [
        .renameEnum(from: "kind", to: "sort"),
        .renameColumn(table: "t", from: "x", to: "y"),
        .addEnumValue(enumName: "sort", value: "c", position: .after("b")),
        .addColumn(table: "t", column: F.column("a", F.text)),
        .dropIndex(table: "t", oldConcurrentIndex),
        .createIndex(table: "t", concurrentIndex),
        .setComment(.index("ix_t_a"), "unique a"),
        .setComment(.table("t"), "the table"),
    ]

    /// The settings every generated script pins at the top of its transaction (`PinnedSettings`).
    static let pins = (["-- Pinned so that what this revision stores does not depend on the session running it:"]
        + PinnedSettings.settings.map { "SET LOCAL \($0.name) = \($0.value);" }).joined(separator: "\n")

    /// The statements of a script (marker lines kept), header dropped.
    func statements(_ script: MigrationScript) -> [String] {
        let body = script.text.components(separatedBy: "\n\n").dropFirst()
        return body.map { $0.trimmingCharacters(in: .newlines) }
    }

    @Test func upIsPrefixBodySuffix() {
        let diff = SchemaDiff(changes: Self.changes, createdTables: [], diagnostics: [])
        let script = emitUp(diff, schema: "negentropy", revisionID: "0002_x", parentID: "0001_init", message: "m")
        #expect(
            statements(script) == [
                "-- strata:no-transaction\nALTER TYPE negentropy.kind ADD VALUE IF NOT EXISTS 'c' AFTER 'b';",
                Self.pins,
                "ALTER TYPE negentropy.kind RENAME TO sort;",
                "ALTER TABLE negentropy.t RENAME COLUMN x TO y;",
                "ALTER TABLE negentropy.t ADD COLUMN a text;",
                "COMMENT ON TABLE negentropy.t IS 'the table';",
                "-- strata:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_t_a ON negentropy.t USING btree (a);",
                // Dropped once the body has committed (a failing body must not strand it) and
                // whatever replaces it is built.
                "-- strata:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_t_old;",
                "-- strata:no-transaction\nCOMMENT ON INDEX negentropy.ix_t_a IS 'unique a';",
            ])
        #expect(!script.isTransactional)
        // The header lists the changes in the order they run.
        #expect(script.changes.first?.contains("'c'") == true)
        #expect(script.changes.last?.contains("ix_t_a") == true)
    }

    @Test func downBuildsAndDropsInItsTransaction() {
        let diff = SchemaDiff(changes: Self.changes, createdTables: [], diagnostics: [])
        let script = emitDown(diff, schema: "negentropy", revisionID: "0002_x", parentID: "0001_init", message: "m")
        let lines = statements(script)
        #expect(!script.text.contains("CREATE UNIQUE INDEX CONCURRENTLY"))
        #expect(lines.first == "-- strata:no-transaction\nALTER TYPE negentropy.kind ADD VALUE IF NOT EXISTS 'c' AFTER 'b';")
        #expect(lines.dropFirst().allSatisfy { !$0.contains("strata:no-transaction") })
        #expect(lines.contains("DROP INDEX negentropy.ix_t_old;"))
        #expect(lines.contains("CREATE UNIQUE INDEX ix_t_a ON negentropy.t USING btree (a);"))
        // A plain build blocks writes: the hazard says so rather than "without blocking writes".
        #expect(script.hazards.contains { $0.contains("blocking writes to negentropy.t meanwhile") })
        #expect(!script.hazards.contains { $0.contains("without blocking writes") })
    }

    /// `concurrently: false` keeps one index in the transaction; `online: false` keeps them all.
    @Test func optOutsKeepPlainDDL() {
        let plainIndex = Index(name: "ix_t_b", elements: [IndexElement(.column("b"))], concurrently: false)
        let defaultIndex = Index(name: "ix_t_c", elements: [IndexElement(.column("c"))])
        let changes: [Change] = [
            .createIndex(table: "t", plainIndex), .createIndex(table: "t", defaultIndex),
            .addCheck(table: "t", CheckConstraint(name: "ck", expression: "c > 0")),
        ]
        let online = emitUp(
            SchemaDiff(changes: changes, createdTables: [], diagnostics: []), schema: "s", revisionID: "2",
            parentID: "1", message: "m")
        #expect(statements(online).contains("CREATE INDEX ix_t_b ON s.t USING btree (b);"))
        #expect(statements(online).contains("-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_c ON s.t USING btree (c);"))
        #expect(statements(online).contains("ALTER TABLE s.t ADD CONSTRAINT ck CHECK (c > 0) NOT VALID;"))
        #expect(statements(online).contains("-- strata:no-transaction\nALTER TABLE s.t VALIDATE CONSTRAINT ck;"))
        var diff = SchemaDiff(changes: changes, createdTables: [], diagnostics: [])
        diff.online = false
        let plain = emitUp(diff, schema: "s", revisionID: "2", parentID: "1", message: "m")
        #expect(!plain.text.contains("CONCURRENTLY") && !plain.text.contains("NOT VALID") && plain.isTransactional)
        // A table created in the same diff is empty: plain DDL.
        let created = emitUp(
            SchemaDiff(changes: changes, createdTables: ["t"], diagnostics: []), schema: "s", revisionID: "2",
            parentID: "1", message: "m")
        #expect(!created.text.contains("CONCURRENTLY") && !created.text.contains("NOT VALID"))
    }

    /// Where an index drop goes (issue 24 item 1): never in the prefix. After the body (the end
    /// of the suffix) by default; in the body on a table whose columns change type, when the
    /// revision reuses its name, when it was declared `concurrently: false`; and on a table the
    /// body rewrites, its rebuild goes in the body too.
    @Test func indexDropsNeverPrecedeTheBody() {
        let old = Index(name: "ix_t_b", elements: [IndexElement(.column("b"))])
        func up(_ changes: [Change], created: Set<String> = []) -> [String] {
            statements(
                emitUp(
                    SchemaDiff(changes: changes, createdTables: created, diagnostics: []), schema: "s", revisionID: "2",
                    parentID: "1", message: "m")
            ).filter { $0 != Self.pins }
        }
        let alone = up([.addColumn(table: "t", column: F.column("a", F.text)), .dropIndex(table: "t", old)])
        #expect(alone == ["ALTER TABLE s.t ADD COLUMN a text;", "-- strata:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS s.ix_t_b;"])

        // The name goes to an index of a table created in the body.
        let reused = up(
            [
                .dropIndex(table: "t", old),
                .createIndex(table: "u", Index(name: "ix_t_b", elements: [IndexElement(.column("c"))])),
            ], created: ["u"])
        #expect(reused == ["DROP INDEX s.ix_t_b;", "CREATE INDEX ix_t_b ON s.u USING btree (c);"])

        var declaredPlain = old
        declaredPlain.concurrently = false
        #expect(up([.dropIndex(table: "t", declaredPlain)]) == ["DROP INDEX s.ix_t_b;"])

        // integer -> bigint rewrites t: dropped and rebuilt under the conversion's lock.
        let converted = up([
            .dropIndex(table: "t", old),
            .alterColumnType(ColumnTypeChange(table: "t", column: "b", from: F.type("integer"), to: F.bigint)),
            .createIndex(table: "t", Index(name: "ix_t_b", elements: [IndexElement(.column("b")), IndexElement(.column("c"))])),
        ])
        #expect(
            converted == [
                "DROP INDEX s.ix_t_b;", "ALTER TABLE s.t ALTER COLUMN b TYPE bigint;",
                "CREATE INDEX ix_t_b ON s.t USING btree (b, c);",
            ])

        // varchar(5) -> varchar(10) keeps the rows: dropped in the body, built concurrently after.
        let widened = up([
            .dropIndex(table: "t", old),
            .alterColumnType(ColumnTypeChange(table: "t", column: "b", from: F.type("character varying", 5), to: F.type("character varying", 10))),
            .createIndex(table: "t", Index(name: "ix_t_b", elements: [IndexElement(.column("b")), IndexElement(.column("c"))])),
        ])
        #expect(widened.first == "DROP INDEX s.ix_t_b;")
        #expect(widened.last == "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_b ON s.t USING btree (b, c);")
    }

    @Test func aScriptWithOnlyTransactionalStatementsIsUnchanged() {
        let diff = SchemaDiff(
            changes: [.renameColumn(table: "t", from: "x", to: "y"), .setComment(.table("t"), "c")],
            createdTables: [], diagnostics: [])
        let script = emitUp(diff, schema: "negentropy", revisionID: "1", parentID: nil, message: "m")
        #expect(statements(script) == [Self.pins, "ALTER TABLE negentropy.t RENAME COLUMN x TO y;", "COMMENT ON TABLE negentropy.t IS 'c';"])
        #expect(script.isTransactional)
    }
}
