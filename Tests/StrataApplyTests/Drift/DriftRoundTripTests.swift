import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Drift reads the catalog and reprints the declared expressions in a number of round trips that
/// does not depend on the size of the schema (issue 18): counted by the connection itself.
@Suite(.requiresDatabase, .serialized) struct DriftRoundTripTests {
    /// `count` tables with every kind of expression drift reprints: enum and jsonb defaults, a
    /// generated column, a check, an expression index with a predicate, an explicit operator class.
    static func yaml(tables count: Int, unresolvable: Bool = false) -> String {
        var text = """
            schema:
              name: negentropy
              extensions:
                - { name: vector, schema: public }
            enums:
              item_state: [new, active, done]
            tables:

            """
        for table in 0..<count {
            text += """
                  t\(table):
                    columns:
                      id: { type: bigint, identity: always, primary_key: true }
                      name: { type: varchar(200), nullable: false }
                      state: { type: item_state, nullable: false, default: "'new'" }
                      score: { type: integer, nullable: false, default: 0 }
                      doubled: { type: integer, generated: "score*2" }
                      payload: { type: jsonb, nullable: false, default: "'{}'::jsonb" }
                      embedding: vector(3)
                    checks:
                      - { expression: "score>=0" }
                    indexes:
                      - { expression: "lower(name)", where: "score>0" }
                      - { columns: [embedding], method: hnsw, opclass: vector_cosine_ops }

                """
        }
        return text
    }

    /// Applies a one-revision bundle of `count` tables and returns the round trips of one drift
    /// check on a fresh connection, and its report.
    func driftRoundTrips(tables count: Int) throws -> (roundTrips: Int, report: DriftReport) {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.yaml(tables: count), message: "tables")
        return try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            let before = connection.roundTrips
            let report = try DriftReport.check(try bundle.context(), position: 1, on: connection)
            return (connection.roundTrips - before, report)
        }
    }

    @Test func driftTakesAsManyRoundTripsForFiftyTablesAsForFive() throws {
        let small = try driftRoundTrips(tables: 5)
        let large = try driftRoundTrips(tables: 50)
        #expect(small.report.lines == [])
        #expect(large.report.lines == [])
        #expect(small.report.unresolved == [])
        #expect(small.roundTrips == large.roundTrips)
        // The reading settings pinned, the catalog in one message, the expressions in another,
        // the functions and procedures in a third (read and probed together), the settings put back.
        #expect(large.roundTrips == 5)
    }

    /// When one expression cannot be reprinted, the fallback isolates it in one more message,
    /// still independent of the number of tables.
    @Test func anUnresolvableExpressionCostsOneMessageMoreWhateverTheSize() throws {
        func roundTrips(tables count: Int) throws -> (Int, [String], [String]) {
            var bundle = try TestBundle()
            defer { bundle.remove() }
            try bundle.compile(Self.yaml(tables: count), message: "tables")
            var schema = try bundle.context().bundle.snapshot(of: bundle.chain[0])
            return try TestDatabase.with { database in
                try apply(bundle, to: .head, on: database)
                let connection = try database.connect()
                let table = schema.tables.firstIndex { $0.name == "t0" }!
                let column = schema.tables[table].columns.firstIndex { $0.name == "score" }!
                schema.tables[table].columns[column].defaultExpression = "negentropy.no_such_function()"
                let before = connection.roundTrips
                let (canonical, unresolved) = try canonicalizeExpressions(in: schema, on: connection)
                let state = canonical.tables[table].column(named: "state")?.defaultExpression ?? ""
                return (connection.roundTrips - before, unresolved, [state])
            }
        }
        let (small, smallUnresolved, smallState) = try roundTrips(tables: 5)
        let (large, largeUnresolved, largeState) = try roundTrips(tables: 50)
        #expect(small == large)
        #expect(small == 3)  // the message that failed, its ROLLBACK, the fallback
        #expect(smallUnresolved.count == 1 && largeUnresolved.count == 1)
        #expect(largeUnresolved.first?.hasPrefix("negentropy.t0.score default: function negentropy.no_such_function() does not exist") == true)
        // The rest of the same table is still reprinted.
        #expect(smallState == ["'new'::negentropy.item_state"] && largeState == smallState)
    }
}

/// How the probe shares temporary tables between declared tables, and that sharing never mixes up
/// what each declared table's expressions print as.
@Suite struct ExpressionProbePlanTests {
    static func table(_ name: String, scoreType: String, check: String) -> Table {
        Table(
            name: name,
            columns: [
                Column(name: "id", type: ColumnType(name: "bigint"), nullable: false),
                Column(name: "score", type: ColumnType(name: scoreType), defaultExpression: "'1'"),
                Column(name: "created_at", type: ColumnType(name: "timestamp with time zone"), defaultExpression: "now()"),
            ],
            checks: [CheckConstraint(name: "\(name)_score_check", expression: check)])
    }

    @Test func tablesWhoseCommonColumnsAgreeShareOneProbeTable() {
        let tables = (0..<1000).map { Self.table("t\($0)", scoreType: "integer", check: "score >= 0") }
            + [Self.table("texts", scoreType: "text", check: "score <> ''")]
        let plan = ExpressionProbePlan(schema: Schema(name: "s", tables: tables))
        let creates = plan.fastStatements.filter { $0.hasPrefix("CREATE TEMP TABLE") }
        // One for the defaults ('1' as integer, '1' as text, now()), one for the integer tables,
        // one for `texts`, whose `score` is text.
        #expect(creates.count == 3)
        #expect(plan.defaultUsers.map(\.count).sorted() == [1, 1000, 1001])
        // The 1,000 identical checks are built once.
        #expect(plan.items.filter { $0.target == .check }.count == 2)
    }
}

@Suite(.requiresDatabase) struct SharedProbeTests {
    @Test func sharedProbeTablesReprintEachTablesExpressionsAsItsOwnTableWould() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            try connection.execute(
                """
                CREATE SCHEMA s;
                CREATE TABLE s.a (id bigint NOT NULL, score integer DEFAULT '1', created_at timestamptz DEFAULT now(),
                                  CONSTRAINT a_score_check CHECK (score >= 0));
                CREATE TABLE s.b (id bigint NOT NULL, score integer DEFAULT '1', created_at timestamptz DEFAULT now(),
                                  CONSTRAINT b_score_check CHECK (score >= 0));
                CREATE TABLE s.texts (id bigint NOT NULL, score text DEFAULT '1', created_at timestamptz DEFAULT now(),
                                      CONSTRAINT texts_score_check CHECK (score <> ''))
                """)
            var declared = Schema(
                name: "s",
                tables: [
                    ExpressionProbePlanTests.table("a", scoreType: "integer", check: "score>=0"),
                    ExpressionProbePlanTests.table("b", scoreType: "integer", check: "score>=0"),
                    ExpressionProbePlanTests.table("texts", scoreType: "text", check: "score<>''"),
                ])
            declared.normalizeOrder()
            let live = try introspectSchema(named: "s", on: connection)
            let (canonical, unresolved) = try canonicalizeExpressions(in: declared, on: connection)
            #expect(unresolved == [])
            #expect(canonical.table(named: "a")?.column(named: "score")?.defaultExpression == "1")
            #expect(canonical.table(named: "texts")?.column(named: "score")?.defaultExpression == "'1'::text")
            #expect(canonical.table(named: "b")?.checks.first?.expression == "score >= 0")
            #expect(compareForDrift(declared: canonical, live: live).map(\.description) == [])
        }
    }
}
