@testable import StrataApply
import Testing

@Suite struct ConcurrentIndexBuildTests {
    @Test func readsNameAndTableSchema() {
        let build = ConcurrentIndexBuild(
            statement: "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_memories_user\n    ON negentropy.memories (user_id)")
        #expect(build == ConcurrentIndexBuild(schemaName: "negentropy", name: "ix_memories_user"))
    }

    @Test func quotedNamesUniqueAndComments() {
        let build = ConcurrentIndexBuild(
            statement: "-- build it\ncreate unique /* x /* nested */ */ index concurrently \"Ix \"\"q\"\"\" on only \"My Schema\".\"T\" (a)")
        #expect(build == ConcurrentIndexBuild(schemaName: "My Schema", name: "Ix \"q\""))
    }

    @Test func unqualifiedTableHasNoSchema() {
        #expect(ConcurrentIndexBuild(statement: "CREATE INDEX CONCURRENTLY ix ON t (a)")
            == ConcurrentIndexBuild(schemaName: nil, name: "ix"))
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
    fileprivate init(schemaName: String?, name: String) {
        self.init(statement: "CREATE INDEX CONCURRENTLY x ON t (a)")!
        self.schema = schemaName
        self.name = name
    }
}
