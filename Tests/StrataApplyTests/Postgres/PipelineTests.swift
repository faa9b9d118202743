import Testing
@testable import StrataApply
import StrataTestSupport

/// Pipeline mode: many statements, one sync, results in order, first failure reported.
@Suite(.requiresDatabase) struct PipelineTests {
    @Test func runsABatchAndReturnsEveryResult() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let results = try connection.executePipelined([
                "CREATE TABLE t (id int)",
                "INSERT INTO t VALUES (1), (2)",
                "INSERT INTO t VALUES (3)",
                "SELECT * FROM t",
            ])
            #expect(results.map(\.commandTag) == ["CREATE TABLE", "INSERT 0 2", "INSERT 0 1", "SELECT 3"])
            #expect(results.map(\.affectedRows) == [nil, 2, 1, 3])
            // Back out of pipeline mode: synchronous calls work again.
            #expect(try connection.query("SELECT count(*) FROM t") == [["3"]])
        }
    }

    @Test func reportsTheFirstFailingStatementAndRollsBackTheBatch() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
            let error = try #require(throws: PostgresError.self) {
                _ = try connection.executePipelined([
                    "INSERT INTO t VALUES (1)",
                    "INSERT INTO t VALUES (1)",
                    "SELECT 1/0",
                ])
            }
            #expect(error.statementIndex == 1)
            #expect(error.sqlState == "23505")
            #expect(error.detail == "Key (id)=(1) already exists.")
            // The statements between two syncs are one implicit transaction.
            #expect(try connection.query("SELECT count(*) FROM t") == [["0"]])
            #expect(connection.transactionStatus == .idle)
        }
    }

    @Test func explicitTransactionsInsideABatchWork() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            _ = try connection.executePipelined([
                "BEGIN", "CREATE TABLE t (id int)", "INSERT INTO t VALUES (7)", "COMMIT",
            ])
            #expect(try connection.query("SELECT id FROM t") == [["7"]])
        }
    }

    @Test func syntaxErrorReportsPositionInItsStatement() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let error = try #require(throws: PostgresError.self) {
                try connection.executePipelined(["SELECT 1", "SELEC 2"])
            }
            #expect(error.statementIndex == 1)
            #expect(error.sqlState == "42601")
            #expect(error.position == 1)
        }
    }
}

/// Larger batches and COPY TO through execute.
@Suite(.requiresDatabase) struct PipelineVolumeTests {
    @Test func sendsThousandsOfStatementsInOneBatch() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int, payload text)")
            let payload = String(repeating: "p", count: 200)
            let statements = (1...5000).map { "INSERT INTO t VALUES (\($0), '\(payload)')" }
            let results = try connection.executePipelined(statements)
            #expect(results.count == 5000)
            #expect(try connection.query("SELECT count(*), sum(id) FROM t") == [["5000", "12502500"]])
        }
    }

    @Test func copyToStdoutThroughExecuteIsDrained() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let error = try #require(throws: PostgresError.self) {
                try connection.execute("COPY (SELECT generate_series(1, 100000)) TO STDOUT")
            }
            #expect(error.kind == .usage)
            #expect(try connection.query("SELECT 2") == [["2"]])
        }
    }
}

/// Batches as one simple-protocol message (`sendBatch`/`finishBatch`), the path `apply` uses.
@Suite(.requiresDatabase) struct SimpleBatchTests {
    @Test func runsABatchAndReturnsEveryResultInOrder() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let results = try connection.executeBatch([
                "CREATE TABLE t (id int) -- a comment at the end",
                "INSERT INTO t VALUES (1), (2)",
                "/* ; */ INSERT INTO t VALUES (3)",
                "SELECT * FROM t",
            ])
            #expect(results.map(\.commandTag) == ["CREATE TABLE", "INSERT 0 2", "INSERT 0 1", "SELECT 3"])
            #expect(results.map(\.affectedRows) == [nil, 2, 1, 3])
            #expect(try connection.query("SELECT count(*) FROM t") == [["3"]])
        }
    }

    @Test func namesTheFailingStatementAndSkipsTheRest() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
            try connection.execute("BEGIN")
            let error = try #require(throws: PostgresError.self) {
                try connection.executeBatch(["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"])
            }
            #expect(error.statementIndex == 1)
            #expect(error.sqlState == "23505")
            #expect(connection.transactionStatus == .inFailedTransaction)
            try connection.execute("ROLLBACK")
            #expect(try connection.query("SELECT count(*) FROM t") == [["0"]])
        }
    }

    /// The server parses the whole message first: a syntax error in a later statement stops the
    /// batch before any of it runs, and its position is mapped into that statement.
    @Test func mapsErrorPositionsIntoTheirStatement() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int)")
            let syntax = try #require(throws: PostgresError.self) {
                try connection.executeBatch(["INSERT INTO t VALUES (1)", "SELECT 'ä' -- x", "SELECT 1 FROM WHERE"])
            }
            #expect(syntax.statementIndex == 2)
            #expect(syntax.sqlState == "42601")
            #expect(syntax.position == 15)
            #expect(try connection.query("SELECT count(*) FROM t") == [["0"]])
            let missing = try #require(throws: PostgresError.self) {
                try connection.executeBatch(["SELECT 'ää'", "SELECT nope FROM t"])
            }
            #expect(missing.statementIndex == 1)
            #expect(missing.sqlState == "42703")
            #expect(missing.position == 8)
        }
    }

    /// The caller may do other work between sending and reading; discarding reads and drops.
    @Test func sendNowFinishLater() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int)")
            let first = try connection.sendBatch(["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"])
            #expect(try connection.finishBatch(first).count == 2)
            let second = try connection.sendBatch(["INSERT INTO t VALUES (3)"])
            connection.discardBatch(second)
            #expect(try connection.query("SELECT count(*) FROM t") == [["3"]])
        }
    }
}
