@testable import StrataApply
import Testing

@Suite struct ConcurrentIndexBuildTests {
    @Test func readsNameAndTableSchema() {
        let build = ConcurrentIndexBuild(
            statement: "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_memories_user\n    ON negentropy.memories (user_id)")
        #expect(build == ConcurrentIndexBuild(schemaName: "negentropy", name: "ix_memories_user", table: "memories"))
    }

    @Test func quotedNamesUniqueAndComments() {
        let build = ConcurrentIndexBuild(
            statement: "-- build it\ncreate unique /* x /* nested */ */ index concurrently \"Ix \"\"q\"\"\" on only \"My Schema\".\"T\" (a)")
        #expect(build == ConcurrentIndexBuild(schemaName: "My Schema", name: "Ix \"q\"", table: "T"))
    }

    @Test func unqualifiedTableHasNoSchema() {
        #expect(ConcurrentIndexBuild(statement: "CREATE INDEX CONCURRENTLY ix ON t (a)")
            == ConcurrentIndexBuild(schemaName: nil, name: "ix", table: "t"))
    }

    @Test(arguments: [
        "CREATE INDEX ix ON t (a)", "CREATE INDEX CONCURRENTLY ON t (a)", "DROP INDEX CONCURRENTLY ix",
        "SELECT 1", "",
    ])
    func otherStatementsAreNotBuilds(text: String) {
        #expect(ConcurrentIndexBuild(statement: text) == nil)
    }
}

extension ConcurrentIndexBuild {
    fileprivate init(schemaName: String?, name: String, table: String) {
        self.init(statement: "CREATE INDEX CONCURRENTLY x ON t (a)")!
        self.schema = schemaName
        self.name = name
        self.table = table
    }
}

/// The resume guards recognize the online steps they protect, and nothing else.
@Suite struct SuffixGuardTests {
    @Test func recognizesValidateAndAddConstraint() {
        let validate = SuffixGuard(statement: "ALTER TABLE negentropy.items VALIDATE CONSTRAINT items_thread_id_not_null_check")
        #expect(validate?.kind == .validate)
        #expect(validate?.table == "negentropy.items")
        #expect(validate?.constraint == "items_thread_id_not_null_check")
        #expect(validate?.isDroppedBy("ALTER TABLE negentropy.items DROP CONSTRAINT IF EXISTS items_thread_id_not_null_check") == true)
        #expect(validate?.isDroppedBy("ALTER TABLE negentropy.items DROP CONSTRAINT IF EXISTS other") == false)
        let attach = SuffixGuard(statement: "ALTER TABLE \"My Schema\".\"T\" ADD CONSTRAINT \"Uq\" UNIQUE USING INDEX \"Uq\"")
        #expect(attach?.kind == .attach)
        #expect(attach?.table == "\"My Schema\".\"T\"")
        #expect(attach?.constraint == "Uq")
        #expect(SuffixGuard(statement: "ALTER TABLE negentropy.items ALTER COLUMN a SET NOT NULL") == nil)
        #expect(SuffixGuard(statement: "CREATE INDEX CONCURRENTLY ix ON t (a)") == nil)
    }

    @Test func findsAnIndexReplacement() {
        let suffix = [
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a_strata_new ON s.t USING btree (a, b)",
            "DROP INDEX CONCURRENTLY IF EXISTS s.ix_a",
            "ALTER INDEX IF EXISTS s.ix_a_strata_new RENAME TO ix_a",
            "ALTER TABLE s.t VALIDATE CONSTRAINT ck",
        ]
        let found = IndexReplacement.find(in: suffix)
        #expect(found.count == 1)
        #expect(found.first?.name == "ix_a")
        #expect(found.first?.positions.sorted() == [0, 1, 2])
        #expect(IndexReplacement.find(in: [suffix[0], suffix[3]]).isEmpty)
    }

    @Test func findsAKeyReplacement() {
        let suffix = [
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a_key_strata_new ON s.t USING btree (a, b)",
            "ALTER TABLE s.t VALIDATE CONSTRAINT ck",
            "ALTER TABLE s.t DROP CONSTRAINT IF EXISTS t_a_key, ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_key_strata_new",
        ]
        let found = IndexReplacement.find(in: suffix)
        #expect(found.count == 1)
        #expect(found.first?.name == "t_a_key")
        #expect(found.first?.positions == [0, 2])
        // Attaching a new key (no drop) is not a replacement: a SuffixGuard skips it once it exists.
        let attach = "ALTER TABLE s.t ADD CONSTRAINT t_a_key_strata_new UNIQUE USING INDEX t_a_key_strata_new"
        #expect(IndexReplacement.find(in: [suffix[0], attach]).isEmpty)
    }
}
