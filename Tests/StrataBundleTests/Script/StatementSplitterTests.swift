import Testing
@testable import StrataBundle

/// Every lexer rule of PG-DDL §7.3, one script per case.
@Suite struct StatementSplitterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let script: String
        let expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "plain statements", script: "select 1;\nselect 2;\n", expected: ["select 1", "select 2"]),
        Case(name: "standard string with doubled quote", script: "select 'it''s ; here'; select 2",
             expected: ["select 'it''s ; here'", "select 2"]),
        Case(name: "backslash does not escape in a standard string",
             script: "select 'a\\'; select 8;", expected: ["select 'a\\'", "select 8"]),
        Case(name: "E string with backslash-escaped quote", script: "select E'it\\'s ; escaped'; select 2;",
             expected: ["select E'it\\'s ; escaped'", "select 2"]),
        Case(name: "lower-case e string", script: "select e'\\\\'; select 2;", expected: ["select e'\\\\'", "select 2"]),
        Case(name: "E string with escaped backslash before the quote", script: "select E'a\\\\'; select 3;",
             expected: ["select E'a\\\\'", "select 3"]),
        Case(name: "U& string", script: "select U&'d\\0061t\\+000061 ;'; select 2;",
             expected: ["select U&'d\\0061t\\+000061 ;'", "select 2"]),
        Case(name: "U& identifier", script: "select 1 as U&\"a;b\"; select 2;",
             expected: ["select 1 as U&\"a;b\"", "select 2"]),
        Case(name: "bit, hex and national strings", script: "select B'10;1', X'1;F', N'n;x'; select 2;",
             expected: ["select B'10;1', X'1;F', N'n;x'", "select 2"]),
        Case(name: "quote continuation", script: "select 'a'\n'b;c'; select 2;",
             expected: ["select 'a'\n'b;c'", "select 2"]),
        Case(name: "E string continuation keeps backslash escapes",
             script: "select E'a'\n  'b\\';c'; select 2;", expected: ["select E'a'\n  'b\\';c'", "select 2"]),
        Case(name: "E string continuation across a comment",
             script: "select E'a' -- note\n'\\';x'; select 2;", expected: ["select E'a' -- note\n'\\';x'", "select 2"]),
        Case(name: "no continuation without a newline", script: "select E'a' '\\'; select 2;",
             expected: ["select E'a' '\\'", "select 2"]),
        Case(name: "double-quoted identifier", script: "select 1 as \"semi;colon\"; select 2;",
             expected: ["select 1 as \"semi;colon\"", "select 2"]),
        Case(name: "doubled double quote", script: "select 1 as \"a\"\";b\"; select 2;",
             expected: ["select 1 as \"a\"\";b\"", "select 2"]),
        Case(name: "dollar quote", script: "select $$ a ; b $$; select 2;", expected: ["select $$ a ; b $$", "select 2"]),
        Case(name: "tagged dollar quote containing $$",
             script: "create function f() returns int language sql as $fn$ select 1; $$ inner ; $$ ; $fn$;\nselect 2;",
             expected: ["create function f() returns int language sql as $fn$ select 1; $$ inner ; $$ ; $fn$", "select 2"]),
        Case(name: "dollar tag must match exactly", script: "select $a$ $b$ ; $A$ ; $a$; select 2;",
             expected: ["select $a$ $b$ ; $A$ ; $a$", "select 2"]),
        Case(name: "closing tag overlapping a dollar", script: "select $a$x$$a$; select 2;",
             expected: ["select $a$x$$a$", "select 2"]),
        Case(name: "dollar tag with underscore, digits and non-ASCII",
             script: "select $_t1ä$ ; $_t1ä$; select 2;", expected: ["select $_t1ä$ ; $_t1ä$", "select 2"]),
        Case(name: "tag cannot start with a digit: $1 is a parameter",
             script: "prepare p as select $1; select $2$;", expected: ["prepare p as select $1", "select $2$"]),
        Case(name: "dollar inside an identifier is not a quote",
             script: "select 'a$b$c', 7 as \"x$y\", a$b$ from t; select 2;",
             expected: ["select 'a$b$c', 7 as \"x$y\", a$b$ from t", "select 2"]),
        Case(name: "nested block comment", script: "select /* outer /* inner ; */ still ; */ 1; select 2;",
             expected: ["select /* outer /* inner ; */ still ; */ 1", "select 2"]),
        Case(name: "line comment hides a semicolon", script: "select 1 -- not ; the end\n, 2; select 3;",
             expected: ["select 1 -- not ; the end\n, 2", "select 3"]),
        Case(name: "comments between statements are dropped",
             script: "-- header ; x\n/* block ; */\nselect 1; -- trailing ;\n/* a */ select 2;",
             expected: ["select 1", "select 2"]),
        Case(name: "semicolon inside parentheses", script: "select (6\n;\n) as paren; select 2;",
             expected: ["select (6\n;\n) as paren", "select 2"]),
        Case(name: "BEGIN ATOMIC body",
             script: "create function f(int) returns int language sql begin atomic select $1 + 1; select $1 + 2; end;\nselect 2;",
             expected: ["create function f(int) returns int language sql begin atomic select $1 + 1; select $1 + 2; end", "select 2"]),
        Case(name: "CREATE OR REPLACE PROCEDURE with CASE inside BEGIN ATOMIC",
             script: "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC select case when true then 1 else 2 end; select 3; END; select 4;",
             expected: ["CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC select case when true then 1 else 2 end; select 3; END", "select 4"]),
        Case(name: "BEGIN outside a routine is a plain statement", script: "BEGIN; select 1; END;",
             expected: ["BEGIN", "select 1", "END"]),
        Case(name: "CASE outside a routine", script: "select case when x then 1 end; select 2;",
             expected: ["select case when x then 1 end", "select 2"]),
        Case(name: "trailing statement without semicolon", script: "select 1;\nselect 2\n  \n", expected: ["select 1", "select 2"]),
        Case(name: "empty statements dropped", script: ";;\nselect 1;;; ;\n", expected: ["select 1"]),
        Case(name: "comment-only script", script: "-- nothing\n/* here */\n", expected: []),
        Case(name: "psql variable syntax is left alone", script: "select :foo, a::int, x[1:2]; select 2;",
             expected: ["select :foo, a::int, x[1:2]", "select 2"]),
        Case(name: "CRLF line endings", script: "select 1;\r\nselect 'a;b';\r\n", expected: ["select 1", "select 'a;b'"]),
        Case(name: "byte order mark", script: "\u{FEFF}select 1;", expected: ["select 1"]),
        Case(name: "minus and slash operators", script: "select 4-2/1 - -1; select 2;", expected: ["select 4-2/1 - -1", "select 2"]),
    ]

    @Test(arguments: cases) func splitsLikePsql(_ testCase: Case) throws {
        #expect(try splitTexts(testCase.script) == testCase.expected)
    }

    @Test func recordsStartLineColumnAndOffset() throws {
        let statements = try StatementSplitter.statements(in: "-- c\n\n  select 1;  select\n 2;\n")
        #expect(statements.map(\.startLine) == [3, 3])
        #expect(statements.map(\.startColumn) == [3, 14])
        #expect(statements.map(\.startOffset) == [8, 19])
    }

    @Test func columnsCountUnicodeScalars() throws {
        let statements = try StatementSplitter.statements(in: "select 'ä'; select 2;")
        #expect(statements[1].startColumn == 13)
        #expect(statements[1].startOffset == 13)
    }

    @Test func marksStatementsDirectlyBelowTheNoTransactionComment() throws {
        let script = """
            CREATE TABLE t (id int);
            -- strata:no-transaction
            CREATE INDEX CONCURRENTLY i ON t (id);
            -- strata:no-transaction

            CREATE INDEX CONCURRENTLY j ON t (id);
            select 1; -- strata:no-transaction
            select 2;
            -- strata:no-transaction  
            -- another comment
            select 3;
            -- strata:no-transaction
            ALTER TYPE k ADD VALUE IF NOT EXISTS 'x';
            """
        let statements = try StatementSplitter.statements(in: script)
        #expect(statements.map(\.isNonTransactional) == [false, true, false, false, false, false, true])
    }

    @Test func mapsServerPositionsToFileLocations() throws {
        let statements = try StatementSplitter.statements(in: "select 1;\n  select 1,\n    nosuchcolumn from t;")
        let statement = statements[1]
        #expect(statement.location(ofCharacterPosition: 1) == (2, 3))
        #expect(statement.location(ofCharacterPosition: 8) == (2, 10))
        #expect(statement.location(ofCharacterPosition: 15) == (3, 5))
        let unicode = try StatementSplitter.statements(in: "select 'ä', x")[0]
        #expect(unicode.location(ofCharacterPosition: 13) == (1, 13))
    }

    @Test func rejectsMetaCommandsWithTheirLine() throws {
        for (script, line, column) in [("select 1;\n\\set x 1\n", 2, 1), ("select 'x' \\; select 'y';", 1, 12), ("\n\n  \\i other.sql", 3, 3)] {
            let error = try #require(throws: ScriptError.self) { try StatementSplitter.split(script) }
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains("meta-command"))
        }
    }

    @Test func rejectsTurningOffStandardConformingStrings() throws {
        for script in ["select 1;\nSET standard_conforming_strings = off;", "set local standard_conforming_strings to 'off'",
                       "SET SESSION standard_conforming_strings=false;"] {
            let error = try #require(throws: ScriptError.self) { try StatementSplitter.split(script) }
            #expect(error.message.contains("standard_conforming_strings"))
        }
        #expect(try splitTexts("SET standard_conforming_strings = on; select 'off'") == ["SET standard_conforming_strings = on", "select 'off'"])
    }

    @Test func backslashInsideLiteralsAndCommentsIsFine() throws {
        #expect(try splitTexts("select '\\x', $$\\i$$, \"\\\" /* \\; */; -- \\set\n") == ["select '\\x', $$\\i$$, \"\\\" /* \\; */"])
    }

    @Test func reportsUnterminatedConstructsAtTheirStart() throws {
        let cases: [(String, Int, Int, String)] = [
            ("select 1;\nselect 'abc;\n", 2, 8, "unterminated quoted string"),
            ("select \"abc", 1, 8, "unterminated quoted identifier"),
            ("select 1;\n  select $fn$ body; $$", 2, 10, "unterminated dollar-quoted string"),
            ("select /* /* */ 1;", 1, 8, "unterminated /* comment"),
            ("select E'\\'", 1, 8, "unterminated quoted string"),
        ]
        for (script, line, column, message) in cases {
            let error = try #require(throws: ScriptError.self) { try StatementSplitter.split(script) }
            #expect(error.line == line, "\(script)")
            #expect(error.column == column, "\(script)")
            #expect(error.message.hasPrefix(message), "\(script)")
        }
    }

    @Test func copyFromStdinYieldsTheDataSeparately() throws {
        let script = "CREATE TABLE t (a int, b text);\nCOPY t (a, b) FROM stdin;\n1\tx;y\n2\t'q'\n\\.\nselect 1;\n"
        let events = mergingCopyData(try StatementSplitter.split(script))
        guard events.count == 5, case .statement(let create) = events[0], case .statement(let copy) = events[1],
            case .statement(let last) = events[4]
        else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(create.isCopyFromStdin == false)
        #expect(copy.text == "COPY t (a, b) FROM stdin")
        #expect(copy.isCopyFromStdin)
        #expect(events[2] == .copyData(Array("1\tx;y\n2\t'q'\n".utf8)))
        #expect(events[3] == .copyEnd)
        #expect(last.text == "select 1")
        #expect(last.startLine == 6)
    }

    @Test func copyDataEndsAtEndOfInputAndCopyToIsAStatement() throws {
        let events = try StatementSplitter.split("copy t from STDIN with (format csv);\na,b\nc,d")
        #expect(mergingCopyData(events).dropFirst() == [.copyData(Array("a,b\nc,d".utf8)), .copyEnd])
        let toStdout = try StatementSplitter.statements(in: "copy (select 1 from stdin_table) to stdout; select 2;")
        #expect(toStdout.map(\.isCopyFromStdin) == [false, false])
    }

    @Test func copyRejectsTextAfterTheStatementOnItsLine() throws {
        let error = try #require(throws: ScriptError.self) { try StatementSplitter.split("copy t from stdin; select 1;\n\\.\n") }
        #expect(error.line == 1)
        #expect(error.column == 20)
    }

    @Test func largeCopyDataIsChunked() throws {
        let row = String(repeating: "x", count: 99) + "\n"
        let data = String(repeating: row, count: 3 * StatementSplitter.copyFlushSize / 100 + 7)
        var splitter = StatementSplitter()
        let events = try splitter.feed(Array("copy t from stdin;\n\(data)\\.\nselect 1;".utf8)) + splitter.finish()
        let chunks = events.compactMap { event -> [UInt8]? in if case .copyData(let bytes) = event { bytes } else { nil } }
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.count <= StatementSplitter.copyFlushSize + row.utf8.count })
        #expect(chunks.joined().count == data.utf8.count)
    }
}
