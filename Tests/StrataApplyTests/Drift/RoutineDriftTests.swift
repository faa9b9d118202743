import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Functions and procedures declared in YAML, applied to the real server: each catalog definition
/// equals one created by hand from the same text, drift is clean after apply, and each hand
/// change is drift, named (SPEC §3.1).
@Suite(.requiresDatabase, .serialized) struct RoutineDriftTests {
    static let yaml = """
        schema:
          name: negentropy
          extensions:
            - { name: vector, schema: public }
        tables:
          memories:
            columns:
              id:         { type: uuid, primary_key: true }
              user_id:    { type: text, nullable: false }
              content:    { type: text, nullable: false }
              embedding:  vector(3)
              updated_at: { type: timestamptz, nullable: false, default: now() }
        functions:
          touch_updated_at:
            returns: trigger
            language: plpgsql
            body: "\\n  BEGIN\\n\\tNEW.updated_at := now();  -- stamp\\n    RETURN NEW;\\n  END;\\n"
          hybrid_search:
            args:
              - { name: p_user_id, type: text }
              - { name: p_query, type: vector }
              - { name: p_limit, type: integer, default: "50" }
            returns: { table: [ { name: id, type: uuid }, { name: score, type: real } ] }
            language: plpgsql
            volatility: stable
            set: { search_path: "negentropy, public, pg_temp" }
            comment: Nearest memories of one user
            body: |
              BEGIN
                RETURN QUERY
                  SELECT m.id, (1 - (m.embedding <=> p_query))::real
                  FROM memories AS m WHERE m.user_id = p_user_id
                  ORDER BY m.embedding <=> p_query LIMIT p_limit;
              END;
          memory_count:
            args: [ { name: p_user_id, type: text } ]
            returns: bigint
            language: sql
            volatility: stable
            atomic: |
              SELECT count(*) FROM negentropy.memories WHERE user_id = p_user_id;
          forget_user:
            kind: procedure
            args: [ { name: p_user_id, type: text } ]
            language: sql
            body: DELETE FROM negentropy.memories WHERE user_id = p_user_id

        """

    /// The same routines, written by hand as a DBA would (other spacing and spellings), created
    /// under the same names once strata's are dropped.
    static let byHand = [
        "touch_updated_at()": """
            create function negentropy.touch_updated_at() returns trigger language plpgsql as $$
              BEGIN
            \tNEW.updated_at := now();  -- stamp
                RETURN NEW;
              END;
            $$
            """,
        "hybrid_search(text, public.vector, integer)": """
            CREATE FUNCTION negentropy.hybrid_search(p_user_id TEXT, p_query public.vector, p_limit INT DEFAULT 50)
            RETURNS TABLE (id UUID, score REAL) STABLE LANGUAGE plpgsql
            SET search_path = negentropy, public, pg_temp AS $body$BEGIN
              RETURN QUERY
                SELECT m.id, (1 - (m.embedding <=> p_query))::real
                FROM memories AS m WHERE m.user_id = p_user_id
                ORDER BY m.embedding <=> p_query LIMIT p_limit;
            END;
            $body$
            """,
        "memory_count(text)": """
            CREATE FUNCTION negentropy.memory_count(p_user_id text) RETURNS bigint LANGUAGE sql STABLE
            BEGIN ATOMIC SELECT count(*) FROM negentropy.memories WHERE user_id = p_user_id; END
            """,
        "forget_user(text)": """
            CREATE PROCEDURE negentropy.forget_user(p_user_id text) LANGUAGE sql
            AS 'DELETE FROM negentropy.memories WHERE user_id = p_user_id'
            """,
    ]

    /// Compiles `yaml`, applies it to a fresh database and hands `body` a connection and the
    /// drift check of the head.
    func withApplied(
        _ yaml: String, _ body: (borrowing Connection, () throws -> DriftReport) throws -> Void
    ) throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(yaml, message: "functions")
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let connection = try database.connect()
            try body(connection) { try DriftReport.check(try bundle.context(), position: 1, on: connection) }
        }
    }

    @Test func eachDefinitionEqualsTheSameFunctionCreatedByHandAndDriftIsClean() throws {
        try withApplied(Self.yaml) { connection, drift in
            let report = try drift()
            #expect(report.lines == [])
            #expect(report.unresolved == [])
            for (signature, text) in Self.byHand.sorted(by: { $0.key < $1.key }) {
                let kind = signature.hasPrefix("forget_user") ? "PROCEDURE" : "FUNCTION"
                let definition = "SELECT pg_catalog.pg_get_functiondef('negentropy.\(signature)'::pg_catalog.regprocedure)"
                let results = try connection.queryEach(
                    [
                        "SET search_path = pg_catalog", definition, "BEGIN", "DROP \(kind) negentropy.\(signature)", text,
                        definition, "ROLLBACK", "RESET search_path",
                    ].joined(separator: ";\n"))
                let strata = results[1].first?.first ?? nil
                let handMade = results[5].first?.first ?? nil
                #expect(strata != nil)
                #expect(strata == handMade, "\(signature)")
            }
            // The body is stored byte for byte: tab, comment and leading newline included.
            let source = try connection.queryEach(
                "SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'negentropy.touch_updated_at()'::pg_catalog.regprocedure")
            #expect(source[0].first?.first == "\n  BEGIN\n\tNEW.updated_at := now();  -- stamp\n    RETURN NEW;\n  END;\n")
        }
    }

    @Test func eachHandChangeIsDriftNamed() throws {
        try withApplied(Self.yaml) { connection, drift in
            _ = try connection.queryEach(
                """
                CREATE OR REPLACE FUNCTION negentropy.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN
                \tNEW.updated_at := clock_timestamp();  -- stamp
                    RETURN NEW;
                  END;
                $$;
                ALTER FUNCTION negentropy.hybrid_search(text, public.vector, integer) VOLATILE;
                COMMENT ON FUNCTION negentropy.hybrid_search(text, public.vector, integer) IS 'edited';
                CREATE OR REPLACE FUNCTION negentropy.memory_count(p_user_id text) RETURNS bigint LANGUAGE sql STABLE
                BEGIN ATOMIC SELECT count(*) + 1 FROM negentropy.memories WHERE user_id = p_user_id; END;
                DROP PROCEDURE negentropy.forget_user(text);
                CREATE FUNCTION negentropy.kb_hybrid_search(q text) RETURNS integer LANGUAGE sql AS 'SELECT 1';
                """)
            let lines = try drift().lines
            #expect(lines.count == 6, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("changed function negentropy.touch_updated_at() body") && $0.contains("clock_timestamp()") })
            #expect(lines.contains { $0.hasPrefix("changed function negentropy.hybrid_search(text, public.vector, integer) definition") && $0.contains("VOLATILE") == false && $0.contains("STABLE") })
            #expect(lines.contains { $0.hasPrefix("changed function negentropy.hybrid_search(text, public.vector, integer) comment: declared 'Nearest memories of one user', live 'edited'") })
            #expect(lines.contains { $0.hasPrefix("changed function negentropy.memory_count(text) definition") && $0.contains("+ 1") })
            #expect(lines.contains("missing procedure negentropy.forget_user(text)"))
            #expect(lines.contains { $0.hasPrefix("unexpected function negentropy.kb_hybrid_search(text): not declared") })
        }
    }

    /// Reading the live routines and probing the declared ones costs the same round trips for
    /// two functions as for forty.
    @Test func driftTakesAsManyRoundTripsForFortyFunctionsAsForTwo() throws {
        func roundTrips(functions count: Int) throws -> Int {
            var yaml = "schema:\n  name: negentropy\nfunctions:\n"
            for number in 0..<count {
                yaml += "  f\(number):\n    args: [ { name: a, type: integer } ]\n    returns: integer\n    language: sql\n"
                yaml += "    body: SELECT a + \(number)\n"
            }
            var bundle = try TestBundle()
            defer { bundle.remove() }
            try bundle.compile(yaml, message: "functions")
            return try TestDatabase.with { database in
                try apply(bundle, to: .head, on: database)
                let connection = try database.connect()
                let before = connection.roundTrips
                let report = try DriftReport.check(try bundle.context(), position: 1, on: connection)
                #expect(report.lines == [])
                return connection.roundTrips - before
            }
        }
        let few = try roundTrips(functions: 2)
        #expect(try roundTrips(functions: 40) == few)
        // Settings pinned, catalog, routines (read and probed in one), settings back; no table
        // here has an expression to reprint.
        #expect(few == 4)
    }
}
