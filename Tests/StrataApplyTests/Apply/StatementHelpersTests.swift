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

@Suite struct ScriptPositionTests {
    @Test func firstLine() {
        #expect(scriptPosition(ofCharacter: 1, in: "SELEC 1", startLine: 10) == (10, 1))
        #expect(scriptPosition(ofCharacter: 8, in: "SELECT nope", startLine: 3) == (3, 8))
    }

    @Test func laterLinesAndMultibyteCharacters() {
        let text = "CREATE TABLE s.t (\n    näme text,\n    bad tipe\n)"
        let offset = Array(text.unicodeScalars).firstIndex(of: "t", after: 40)
        #expect(scriptPosition(ofCharacter: offset + 1, in: text, startLine: 7) == (9, 9))
    }
}

extension Array where Element == Unicode.Scalar {
    fileprivate func firstIndex(of scalar: Unicode.Scalar, after start: Int) -> Int {
        self[start...].firstIndex(of: scalar)!
    }
}

extension ConcurrentIndexBuild {
    fileprivate init(schemaName: String?, name: String) {
        self.init(statement: "CREATE INDEX CONCURRENTLY x ON t (a)")!
        self.schema = schemaName
        self.name = name
    }
}
