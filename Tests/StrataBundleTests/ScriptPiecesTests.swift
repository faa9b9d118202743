import Testing
@testable import StrataBundle

@Suite struct ScriptPiecesTests {
    @Test func splitsOnSemicolonsOutsideQuotesAndComments() {
        let script = """
            -- header; with a semicolon
            CREATE TABLE a (x text DEFAULT 'a;b' CHECK (x <> E'\\';'));
            /* block; /* nested; */ still comment; */
            COMMENT ON TABLE "we;ird" IS $$semi;colon$$;
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT $1;
            -- trailing comment

            """
        let pieces = ScriptPieces.split(script)
        #expect(pieces.map(\.hasStatement) == [true, true, true, true, false])
        #expect(pieces.map(\.text).joined() == script)
        #expect(pieces[0].text.hasSuffix("CHECK (x <> E'\\';'));"))
        #expect(pieces[2].text.hasSuffix("LANGUAGE sql;"))
    }

    @Test func markerAppliesToTheNextStatementOnly() {
        let script = """
            CREATE TYPE s.k AS ENUM ('a');
            -- strata:no-transaction
            ALTER TYPE s.k ADD VALUE IF NOT EXISTS 'b';
            CREATE INDEX i ON s.t (x);

            """
        let pieces = ScriptPieces.split(script)
        #expect(pieces.map(\.isNonTransactional) == [false, true, false, false])
        #expect(ScriptPieces.hasNonTransactionalStatement(script))
        #expect(!ScriptPieces.hasNonTransactionalStatement("CREATE TABLE a ();\n"))
    }

    @Test func commentOnlyScriptIsEmpty() {
        #expect(ScriptPieces.isEmpty("-- revision: 0002_x\n/* nothing; here */\n\n"))
        #expect(!ScriptPieces.isEmpty("-- header\nUPDATE t SET x = 1\n"))
    }
}
