import Testing
@testable import StrataCore

/// The one SQL lexer behind default names (Core) and statement heads (Bundle, Apply): the lexical
/// cases that would make it misread a name.
@Suite struct SQLLexerTests {
    @Test func wordsFoldOnlyASCIILettersAsPostgreSQLDoes() {
        #expect(SQLLexer.tokens(of: "CREATE Index ÄBC_x$1") == [.word("create"), .word("index"), .word("Äbc_x$1")])
    }

    @Test func quotedIdentifiersKeepCaseAndUndoDoubledQuotes() {
        #expect(SQLLexer.tokens(of: #""My ""Table""".c"#) == [.quoted(#"My "Table""#), .punctuation("."), .word("c")])
    }

    @Test func stringsOfEveryPrefixAreOneLiteral() {
        let text = #"'it''s' E'a\'b -- no comment' B'101' X'ff' N'n' U&'d\0061' x"#
        #expect(SQLLexer.tokens(of: text) == [.literal, .literal, .literal, .literal, .literal, .literal, .word("x")])
    }

    @Test func aLetterBeforeASpacedQuoteIsAWord() {
        #expect(SQLLexer.tokens(of: "e 'x'") == [.word("e"), .literal])
    }

    @Test func dollarQuotedBodiesWithTagsAreOneLiteral() {
        let text = "DO $body$ BEGIN RAISE NOTICE $$x$$; END $body$; after"
        #expect(SQLLexer.tokens(of: text) == [.word("do"), .literal, .punctuation(";"), .word("after")])
        #expect(SQLLexer.tokens(of: "$$ unterminated") == [.literal])
    }

    @Test func parametersNumbersAndCasts() {
        #expect(
            SQLLexer.tokens(of: "$1 + 1.5e-3::numeric(10, 2) - 1_000 $")
                == [.literal, .punctuation("+"), .literal, .punctuation("::"), .word("numeric"), .punctuation("("),
                    .literal, .punctuation(","), .literal, .punctuation(")"), .punctuation("-"), .literal,
                    .punctuation("$")])
    }

    @Test func commentsNestAndAreSkipped() {
        let text = "/* outer /* inner */ still comment */ -- line\nBEGIN /**/ WORK"
        #expect(SQLLexer.tokens(of: text) == [.word("begin"), .word("work")])
    }

    @Test func aPrefixReadsNoFurtherThanItsTokens() {
        // The head of a large statement: three tokens, whatever follows.
        let text = "INSERT INTO t VALUES ('" + String(repeating: "x", count: 100_000) + "')"
        #expect(Array(SQLLexer(text).prefix(3)) == [.word("insert"), .word("into"), .word("t")])
    }
}
