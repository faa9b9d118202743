import Testing
@testable import StrataCore

@Suite struct HazardTests {
    typealias F = Fixtures

    func kinds(_ change: Change, created: Set<String> = []) -> [Hazard.Kind] {
        hazards(of: change, schema: "negentropy", createdTables: created).map(\.kind)
    }

    func typeChange(_ from: ColumnType, _ to: ColumnType, using: String? = nil) -> Change {
        .alterColumnType(ColumnTypeChange(table: "t", column: "c", from: from, to: to, using: using))
    }

    @Test func binaryCoercibleTypeChangesNeitherRewriteNorLoseData() {
        #expect(kinds(typeChange(F.type("character varying", 10), F.type("character varying", 20))) == [])
        #expect(kinds(typeChange(F.type("character varying", 10), F.text)) == [])
        #expect(kinds(typeChange(F.type("numeric", 10, 2), F.type("numeric", 12, 2))) == [])
        #expect(kinds(typeChange(F.vector(3), ColumnType(schema: "public", name: "vector"))) == [])
    }

    @Test func wideningRewritesAndNarrowingAlsoLosesData() {
        #expect(kinds(typeChange(F.type("integer"), F.bigint)) == [.rewrite])
        #expect(kinds(typeChange(F.bigint, F.type("integer"))) == [.dataLoss, .rewrite])
        #expect(kinds(typeChange(F.text, F.type("character varying", 100))) == [.dataLoss, .rewrite])
        #expect(kinds(typeChange(F.type("numeric", 10, 2), F.type("numeric", 10, 1))) == [.dataLoss, .rewrite])
        #expect(kinds(typeChange(F.vector(3), F.vector(4), using: "NULL")) == [.dataLoss, .rewrite])
    }

    @Test func volatileDefaultsIdentityAndStoredGeneratedColumnsRewrite() {
        #expect(kinds(.addColumn(table: "t", column: F.column("u", F.uuid, default: "gen_random_uuid()"))) == [.rewrite])
        #expect(kinds(.addColumn(table: "t", column: F.column("at", F.type("timestamp with time zone"), default: "now()"))) == [])
        #expect(
            kinds(.addColumn(table: "t", column: Column(name: "i", type: F.bigint, nullable: false, identity: Identity(kind: .always))))
                == [.rewrite])
        #expect(
            kinds(.addColumn(table: "t", column: Column(name: "g", type: F.bigint, generated: GeneratedColumn(expression: "a + 1"))))
                == [.rewrite])
        #expect(
            kinds(.addColumn(table: "t", column: Column(name: "g", type: F.bigint, generated: GeneratedColumn(expression: "a + 1", stored: false))))
                == [])
    }

    @Test func locksNameTheReferencedTableForForeignKeys() {
        let key = F.foreignKey("c", "p_id", to: "p")
        #expect(
            hazards(of: .addForeignKey(table: "c", key), schema: "negentropy", createdTables: []).map(\.lock) == [
                "SHARE ROW EXCLUSIVE on negentropy.c and negentropy.p"
            ])
        #expect(
            hazards(of: .dropConstraint(table: "c", name: key.name, kind: .foreignKey(referencedTable: "p")), schema: "negentropy", createdTables: [])
                .map(\.lock) == ["ACCESS EXCLUSIVE on negentropy.c and negentropy.p"])
    }

    @Test func indexBuildsBlockWritesUnlessConcurrent() {
        var index = Index(name: "ix", elements: [IndexElement(.column("a"))])
        #expect(hazards(of: .createIndex(table: "t", index), schema: "negentropy", createdTables: []).map(\.lock) == ["SHARE on negentropy.t"])
        index.concurrently = true
        #expect(
            hazards(of: .createIndex(table: "t", index), schema: "negentropy", createdTables: []).map(\.lock) == [
                "SHARE UPDATE EXCLUSIVE on negentropy.t"
            ])
        #expect(kinds(.createIndex(table: "t", index), created: ["t"]) == [])
    }

    @Test func setNotNullScans() {
        #expect(kinds(.setNotNull(table: "t", column: "c")) == [.fullScan])
    }
}
