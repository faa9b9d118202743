import Testing
@testable import StrataCore

/// `mentions` reads names with the SQL lexer: quoting decides what is a name.
@Suite struct MentionsTests {
    @Test(arguments: [
        ("lower(kind) = 'a'", true),
        (#""kind" IS NOT NULL"#, true),
        ("KIND > 0", true),
        ("kind_2 > 0", false),
        ("status = 'kind'", false),
        ("status = $$kind$$", false),
        ("status = 1 -- kind\n", false),
        ("status = 1 /* kind */", false),
        ("t.kind > 0", true),
    ])
    func aColumnIsMentionedOnlyAsAName(expression: String, expected: Bool) {
        #expect(mentions(expression, identifier: "kind") == expected)
    }

    @Test func aVolatileFunctionNamedInAStringIsNotACall() {
        #expect(isVolatile("gen_random_uuid()"))
        #expect(isVolatile("pg_catalog.random()"))
        #expect(!isVolatile("'random'"))
        #expect(!isVolatile("'nextval is not called here'::text"))
    }
}
