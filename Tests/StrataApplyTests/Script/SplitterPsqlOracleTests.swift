import Testing
@testable import StrataApply
@testable import StrataBundle
import StrataTestSupport

/// psql itself as the oracle: random scripts of valid but lexically tricky SELECTs are run once
/// through psql and once statement by statement through the splitter and `Connection`; the rows
/// must be identical, so the splitter cut exactly where psql did.
///
/// One construct is left out on purpose: an `E'...'` string continued on the next line. psql lexes
/// line by line, so it never sees the continuation and lexes the next segment as a plain string,
/// which the server then rejects; the splitter follows the server's lexer there.
@Suite(.requiresDatabase) struct SplitterPsqlOracleTests {
    static let items = [
        "'a;b'", "'it''s;'", "E'x\\';y'", "e'\\\\;'", "$$ ; $$", "$q$ $$ ; $q$", "$a$;$b$;$a$", "U&'\\0061;'",
        "(1 + /* ; */ 2)", "'x' -- c;\n", "1 AS \"c;d\"", "(select 3 /* a /* ; */ b */)", "B'101'::int",
        "X'1F'::int", "'a'\n'b;'", "'a' -- note ;\n  'b'", "length('ä;ö')",
        "7 AS x$y$", "(ARRAY[1,2])[1:1]",
    ]

    static func randomScript(using generator: inout SeededGenerator) -> String {
        var script = ""
        for _ in 0..<Int.random(in: 1...5, using: &generator) {
            let count = Int.random(in: 1...4, using: &generator)
            let list = (0..<count).map { _ in items.randomElement(using: &generator)! }.joined(separator: ", ")
            script += "SELECT " + list
            if list.hasSuffix("\n") == false, list.contains("--"), list.split(separator: "\n").last?.contains("--") == true {
                script += "\n"
            }
            script += [";\n", "; -- after ;\n", ";\n/* between ; */\n", " ;\n\n"].randomElement(using: &generator)!
        }
        return script
    }

    @Test(arguments: [UInt64(3), 11, 1234])
    func splitsWherePsqlSplits(seed: UInt64) throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            var generator = SeededGenerator(seed: seed)
            for _ in 0..<25 {
                let script = Self.randomScript(using: &generator)
                let psql = try database.psql(["-A", "-t", "-F", "|"], input: script)
                try #require(psql.status == 0, "psql failed: \(psql.stderr)\n\(script)")
                var rows: [String] = []
                for statement in try StatementSplitter.statements(in: script) {
                    for row in try connection.execute(statement.text).rows {
                        rows.append(row.map { $0 ?? "" }.joined(separator: "|"))
                    }
                }
                let expected = psql.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
                #expect(rows == expected, "script: \(script.debugDescription)")
                if rows != expected { return }
            }
        }
    }
}
