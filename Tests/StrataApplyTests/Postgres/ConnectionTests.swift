import Testing
@testable import StrataApply
import StrataTestSupport

/// The libpq wrapper against the real test server.
@Suite(.requiresDatabase) struct ConnectionTests {
    @Test func connectsAndReadsRows() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            #expect(connection.serverVersion >= 140000)
            #expect(connection.backendPID > 0)
            #expect(connection.transactionStatus == .idle)
            let result = try connection.execute(
                "SELECT current_database() AS db, NULL::text AS nothing, 42 AS answer")
            #expect(result.rowCount == 1)
            #expect(result.columnCount == 3)
            #expect(result.columnName(2) == "answer")
            #expect(result.value(row: 0, column: "db") == database.name)
            #expect(result.isNull(row: 0, column: 1) == true)
            #expect(result.value(row: 0, column: 1) == nil)
            #expect(result.rows == [[database.name, nil, "42"]])
            connection.close()
        }
    }

    @Test func tracksTransactionStatus() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("BEGIN")
            #expect(connection.transactionStatus == .inTransaction)
            #expect(throws: PostgresError.self) { try connection.execute("SELECT 1/0") }
            #expect(connection.transactionStatus == .inFailedTransaction)
            try connection.execute("ROLLBACK")
            #expect(connection.transactionStatus == .idle)
        }
    }

    @Test func passesParametersAsText() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let result = try connection.execute(
                "SELECT $1::int + 1, $2::text IS NULL, $3::text", parameters: ["41", nil, "it's; \"ok\""])
            #expect(result.rows == [["42", "t", "it's; \"ok\""]])
        }
    }

    @Test func emptyAndCommentOnlyStatementsSucceed() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("")
            try connection.execute("-- nothing here")
        }
    }

    @Test func reportsSQLStateMessageAndPosition() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let error = try #require(throws: PostgresError.self) {
                try connection.execute("SELECT 1,\n  nosuchcolumn FROM pg_class")
            }
            #expect(error.kind == .statement)
            #expect(error.sqlState == "42703")
            #expect(error.severity == "ERROR")
            #expect(error.message == "column \"nosuchcolumn\" does not exist")
            #expect(error.position == 13)
            #expect(error.description.hasPrefix("ERROR 42703: column \"nosuchcolumn\" does not exist"))
        }
    }

    @Test func reportsDetailAndHint() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
            try connection.execute("INSERT INTO t VALUES (1)")
            let duplicate = try #require(throws: PostgresError.self) {
                try connection.execute("INSERT INTO t VALUES (1)")
            }
            #expect(duplicate.sqlState == "23505")
            #expect(duplicate.detail == "Key (id)=(1) already exists.")
            #expect(duplicate.description.contains("DETAIL: Key (id)=(1) already exists."))

            let noFunction = try #require(throws: PostgresError.self) {
                try connection.execute("SELECT no_such_function(1)")
            }
            #expect(noFunction.sqlState == "42883")
            #expect(noFunction.hint?.contains("No function matches") == true)
            #expect(noFunction.position == 8)
            #expect(noFunction.description.contains("HINT: No function matches"))
        }
    }

    @Test func reportsContextFromFunctions() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let error = try #require(throws: PostgresError.self) {
                try connection.execute("DO $$ BEGIN PERFORM 1/0; END $$")
            }
            #expect(error.sqlState == "22012")
            #expect(error.context?.contains("PL/pgSQL") == true)
        }
    }

    @Test func capturesNoticesInOrder() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(
                """
                DO $$ BEGIN
                  RAISE NOTICE 'one';
                  RAISE WARNING 'two' USING DETAIL = 'the detail', HINT = 'the hint';
                  RAISE NOTICE 'three';
                END $$
                """)
            try connection.execute("DROP TABLE IF EXISTS not_there")
            let notices = connection.drainNotices()
            #expect(notices.map(\.message) == ["one", "two", "three", "table \"not_there\" does not exist, skipping"])
            #expect(notices.map(\.severity) == ["NOTICE", "WARNING", "NOTICE", "NOTICE"])
            #expect(notices[1].detail == "the detail")
            #expect(notices[1].hint == "the hint")
            #expect(notices[3].sqlState == "00000")
            #expect(connection.drainNotices().isEmpty)
        }
    }

    @Test func lostConnectionIsAConnectionError() throws {
        try TestDatabase.with { database in
            let victim = try database.connect()
            let killer = try database.connect()
            try killer.execute("SELECT pg_terminate_backend($1::int)", parameters: [String(victim.backendPID)])
            let error = try #require(throws: PostgresError.self) { try victim.execute("SELECT 1") }
            #expect(error.kind == .connection)
            #expect(victim.isHealthy == false)
            #expect(killer.isHealthy == true)
        }
    }

    @Test func copyStreamsDataInChunks() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE items (id int, label text)")
            let data = (1...1000).map { "\($0)\tlabel \($0)\n" }.joined()
            let bytes = Array(data.utf8)
            // Chunks that split rows anywhere, including mid-value.
            let chunks = stride(from: 0, to: bytes.count, by: 37).map { Array(bytes[$0..<min($0 + 37, bytes.count)]) }
            let result = try connection.copy("COPY items (id, label) FROM STDIN", data: chunks)
            #expect(result.affectedRows == 1000)
            let check = try connection.execute("SELECT count(*), sum(id), max(label) FROM items")
            #expect(check.rows == [["1000", "500500", "label 999"]])
        }
    }

    @Test func copyReportsBadDataAndStaysUsable() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE items (id int)")
            let error = try #require(throws: PostgresError.self) {
                try connection.copy("COPY items FROM STDIN", data: [Array("1\nnot-a-number\n".utf8)])
            }
            #expect(error.sqlState == "22P02")
            #expect(error.context?.contains("COPY items, line 2") == true)
            #expect(try connection.query("SELECT count(*) FROM items") == [["0"]])
        }
    }

    @Test func copyThroughExecuteIsRefusedCleanly() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE items (id int)")
            let error = try #require(throws: PostgresError.self) { try connection.execute("COPY items FROM STDIN") }
            #expect(error.kind == .usage)
            #expect(try connection.query("SELECT 1") == [["1"]])
        }
    }
}
