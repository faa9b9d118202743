import Testing
import StrataCore
@testable import StrataApply

/// Pure comparison rules: defaults filled in, order ignored, expressions normalized.
@Suite struct DriftComparisonTests {
    @Test func normalizesWhitespaceCaseAndOuterParentheses() {
        #expect(normalizeExpression("((N >  0))") == "n > 0")
        #expect(normalizeExpression("lower( title )") == "lower(title)")
        #expect(normalizeExpression("(a) + (b)") == "(a) + (b)")
        #expect(normalizeExpression("'Keep  THIS' || \"Col  X\"") == "'Keep  THIS' || \"Col  X\"")
    }

    @Test func columnOrderIsIgnoredAndDefaultsAreFilledIn() {
        let a = Schema(
            name: "s",
            sequences: [StrataCore.SequenceDefinition(name: "q")],
            tables: [
                Table(name: "t", columns: [
                    Column(name: "a", type: ColumnType(name: "integer")),
                    Column(name: "b", type: ColumnType(name: "bigint"), nullable: false, identity: Identity(kind: .byDefault)),
                ])
            ])
        var b = a
        b.tables[0].columns.reverse()
        b.tables[0].columns[0].identity = Identity(kind: .byDefault, options: SequenceOptions(start: 1, increment: 1, minValue: 1, maxValue: Int64.max, cache: 1))
        b.sequences[0] = StrataCore.SequenceDefinition(name: "q", dataType: "bigint", options: SequenceOptions(start: 1, increment: 1, minValue: 1, maxValue: Int64.max, cache: 1))
        #expect(compareForDrift(declared: a, live: b) == [])
        b.sequences[0].options.cache = 20
        #expect(compareForDrift(declared: a, live: b).map(\.aspect) == ["definition"])
    }

    @Test func indexDirectionDefaultsCompareEqual() {
        let plain = Index(name: "i", elements: [IndexElement(.column("a"), order: .asc, nulls: .last)])
        let implicit = Index(name: "i", elements: [IndexElement(.column("a"))])
        #expect(indexSummary(plain) == indexSummary(implicit))
        let desc = Index(name: "i", elements: [IndexElement(.column("a"), order: .desc, nulls: .first)])
        #expect(indexSummary(desc) == indexSummary(Index(name: "i", elements: [IndexElement(.column("a"), order: .desc)])))
        #expect(indexSummary(desc) != indexSummary(implicit))
    }

    @Test func storageParameterOrderIsIgnored() {
        let declared = Index(
            name: "i", method: .hnsw, elements: [IndexElement(.column("e"))],
            storageParameters: [StorageParameter(key: "m", value: "16"), StorageParameter(key: "ef_construction", value: "64")])
        var live = declared
        live.storageParameters = [StorageParameter(key: "ef_construction", value: "64"), StorageParameter(key: "m", value: "16")]
        #expect(indexSummary(declared) == indexSummary(live))
        live.storageParameters[1].value = "32"
        #expect(indexSummary(declared) != indexSummary(live))
    }

    @Test func reportsMissingAndUnexpectedInNameOrder() {
        let declared = Schema(name: "s", tables: [Table(name: "b"), Table(name: "a")])
        let live = Schema(name: "s", tables: [Table(name: "c")])
        #expect(compareForDrift(declared: declared, live: live).map(\.description) == [
            "missing table s.a", "missing table s.b", "unexpected table s.c",
        ])
    }
}
