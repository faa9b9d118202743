import Testing
@testable import StrataCore

@Suite struct IdentifierTests {
    @Test func quotesOnlyWhenRequired() {
        #expect(Identifier.quotedIfNeeded("memories") == "memories")
        #expect(Identifier.quotedIfNeeded("user") == "\"user\"")
        #expect(Identifier.quotedIfNeeded("Mixed") == "\"Mixed\"")
        #expect(Identifier.quotedIfNeeded("a\"b") == "\"a\"\"b\"")
    }

    @Test func qualifiesWithTheSameQuotingRule() {
        #expect(Identifier.qualified("public", "memories") == "public.memories")
        #expect(Identifier.qualified("App", "user") == "\"App\".\"user\"")
        #expect(Identifier.qualified(nil, "order") == "\"order\"")
        #expect(QualifiedName(schema: "public", name: "Mixed").sql == "public.\"Mixed\"")
    }

    @Test func typeSpellingPutsPrecisionBeforeTimeZone() {
        let type = ColumnType(name: "timestamp with time zone", modifiers: [3])
        #expect(type.sql == "timestamp(3) with time zone")
        #expect(ColumnType(schema: "public", name: "vector", modifiers: [1536]).sql == "public.vector(1536)")
        #expect(ColumnType(name: "text", isArray: true).sql == "text[]")
    }
}
