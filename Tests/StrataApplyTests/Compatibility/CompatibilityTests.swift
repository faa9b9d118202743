import Foundation
import StrataBundle
import StrataCore
import StrataTestSupport
import Testing

@testable import StrataApply

/// strata on the older servers it supports (SPEC §3.2): PostgreSQL 16.2 with pgvector 0.6.2 (the
/// `pgserver` wheel) and Debian 12's PostgreSQL 15 without pgvector, each through the binary as an
/// operator runs it: apply, status, drift (clean, then a hand-made change found), stamp, the
/// release script with the server's own psql, and the version preflight refusing before any
/// statement.
@Suite(.serialized) struct CompatibilityTests {
    static var strata: URL { get throws { try #require(StrataBinary.url, "build the strata executable first (swift build)") } }

    @Test(.requires(.pg16)) func aVectorChainWithoutHalfvecAppliesAndDriftsCleanOnPG16WithPGVector062() throws {
        let out = try CompatibilitySchemas.compile(withVector: true, strata: Self.strata)
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let chain = try MigrationBundle.load(at: out).chain
        let first = try #require(chain.revisions.first?.requires)
        #expect(first.postgres?.version == 15)
        #expect(first.postgres?.needs.map(\.construct) == ["NULLS NOT DISTINCT", "NULLS NOT DISTINCT"])
        #expect(first.extensions.map(\.name) == ["vector"])
        #expect(first.extensions.first?.version == "0.5")
        // Where the hnsw index is declared, relative to the schema directory.
        let yaml = CompatibilitySchemas.tables(withVector: true, second: false).split(separator: "\n", omittingEmptySubsequences: false)
        let hnswLine = try #require(yaml.firstIndex { $0.contains("name: ix_items_embedding,") }) + 1
        #expect(first.extensions.first?.needs.first?.at == "tables/items.yaml:\(hnswLine)")
        try Self.exerciseOperatorCommands(out: out, server: .pg16, extensionVersion: "0.6.2")
    }

    @Test(.requires(.pg15)) func aChainWithoutVectorWorksOnPG15() throws {
        let out = try CompatibilitySchemas.compile(withVector: false, strata: Self.strata)
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        try Self.exerciseOperatorCommands(out: out, server: .pg15, extensionVersion: nil)
    }

    /// apply, status, drift, stamp and the release script on `server`, read back from its catalog.
    static func exerciseOperatorCommands(out: URL, server: OlderTestServer, extensionVersion: String?) throws {
        let strata = try Self.strata
        try OlderDatabase.with(server) { database in
            let url = ["--url", database.url]
            let applied = try StrataBinary.run(strata, ["apply", out.path, "--to", "head"] + url)
            #expect(applied.status == 0, "\(applied.stderr)")
            let connection = try database.connect()
            #expect(try connection.query("SELECT current_setting('server_version_num')::int / 10000").first?.first == String(server.major))
            if let extensionVersion {
                #expect(try connection.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'") == [[extensionVersion]])
                #expect(
                    try connection.query(
                        "SELECT indexrelid::regclass::text FROM pg_index JOIN pg_class c ON c.oid = indexrelid "
                            + "JOIN pg_am am ON am.oid = c.relam WHERE am.amname IN ('hnsw', 'ivfflat') ORDER BY 1")
                        == [["compat.ix_items_embedding"], ["compat.ix_items_embedding_l2"]])
            }
            #expect(
                try connection.query(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = 'compat' AND indexname = 'owners_email_key'")
                    .first?.first??.hasSuffix("NULLS NOT DISTINCT") == true)
            #expect(try connection.query("SELECT count(*) FROM compat.strata_version WHERE complete") == [["2"]])

            let status = try StrataBinary.run(strata, ["status", out.path, "--exit-code"] + url)
            #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
            #expect(status.stdout.contains("Current revision: 0002_add_score"))

            let drift = try StrataBinary.run(strata, ["drift", out.path] + url)
            #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")

            // Drift reads this server's catalog for real: a hand-made change is found, and stamp's
            // guard refuses to record over it.
            _ = try connection.execute("ALTER TABLE compat.items ADD COLUMN extra integer")
            let drifted = try StrataBinary.run(strata, ["drift", out.path] + url)
            #expect(drifted.status == 1)
            #expect(drifted.stdout.contains("items.extra"), "\(drifted.stdout)")
            _ = try connection.execute("ALTER TABLE compat.items DROP COLUMN extra")
            _ = try connection.execute("DROP TABLE compat.strata_version")
            let stamped = try StrataBinary.run(strata, ["stamp", out.path, "head"] + url)
            #expect(stamped.status == 0, "\(stamped.stderr)")
            #expect(try connection.query("SELECT revision FROM compat.strata_version WHERE stamped ORDER BY position")
                == [["0001_init"], ["0002_add_score"]])
        }
        // The release script, run by the server's own psql on a fresh database, reaches head and
        // drifts clean; run again, it is a no-op.
        let release = out.deletingLastPathComponent().appendingPathComponent("release.sql")
        let written = try StrataBinary.run(strata, ["bundle", out.path, "-o", release.path])
        #expect(written.status == 0, "\(written.stderr)")
        try OlderDatabase.with(server) { database in
            let run = try database.psql(file: release)
            #expect(run.status == 0, "\(run.stderr)")
            let again = try database.psql(file: release)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("already at 0002_add_score"))
            let drift = try StrataBinary.run(strata, ["drift", out.path, "--url", database.url])
            #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")
        }
    }

    @Test(.requires(.pg16)) func theExampleBundleIsRefusedUpFrontOnPGVector062NamingHalfvec() throws {
        let strata = try Self.strata
        let out = ExampleBundle.repositoryRoot.appendingPathComponent("out")
        try OlderDatabase.with(.pg16) { database in
            let refused = try StrataBinary.run(strata, ["apply", out.path, "--to", "head", "--url", database.url])
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("nothing has been changed"))
            #expect(refused.stderr.contains("0001_init needs pgvector 0.7 for halfvec"), "\(refused.stderr)")
            #expect(refused.stderr.contains("would install 0.6.2"))
            try Self.expectUntouched(database)

            let release = try Scratch.directory("compat-release").appendingPathComponent("release.sql")
            defer { try? FileManager.default.removeItem(at: release.deletingLastPathComponent()) }
            #expect(try StrataBinary.run(strata, ["bundle", out.path, "-o", release.path]).status == 0)
            let run = try database.psql(file: release)
            #expect(run.status == 3)
            #expect(run.stderr.contains("this release needs pgvector 0.7 or later"), "\(run.stderr)")
            #expect(run.stderr.contains("halfvec"))
            try Self.expectUntouched(database)
        }
    }

    @Test(.requires(.pg16)) func theExampleSchemaWithoutItsHalfvecIndexAppliesAndDriftsCleanOnPG16() throws {
        let strata = try Self.strata
        let root = try Scratch.directory("compat-example")
        defer { try? FileManager.default.removeItem(at: root) }
        let schema = root.appendingPathComponent("schema")
        try FileManager.default.copyItem(at: ExampleBundle.repositoryRoot.appendingPathComponent("schema"), to: schema)
        let knowledge = schema.appendingPathComponent("tables/knowledge.yaml")
        let text = try String(contentsOf: knowledge, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains("name: ix_knowledge_chunks_embedding") })
        #expect(lines[index + 1].contains("halfvec_cosine_ops"))
        try (lines[..<index] + lines[(index + 2)...]).joined(separator: "\n").write(to: knowledge, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let compiled = try StrataBinary.run(strata, ["compile", schema.path, "-o", out.path])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(try MigrationBundle.load(at: out).chain.revisions[0].requires?.extensions.first?.version == "0.5")
        // compile says what the revision needs, and where.
        #expect(compiled.stdout.contains("needs:\n  pgvector 0.5: hnsw index (tables/memories.yaml:"), "\(compiled.stdout)")
        #expect(!compiled.stdout.contains("halfvec"))
        try OlderDatabase.with(.pg16) { database in
            let applied = try StrataBinary.run(strata, ["apply", out.path, "--to", "head", "--url", database.url])
            #expect(applied.status == 0, "\(applied.stderr)")
            let drift = try StrataBinary.run(strata, ["drift", out.path, "--url", database.url])
            #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")
        }
    }

    @Test(.requires(.pg15)) func aVirtualGeneratedColumnIsRefusedUpFrontOnPG15() throws {
        let strata = try Self.strata
        let root = try Scratch.directory("compat-virtual")
        defer { try? FileManager.default.removeItem(at: root) }
        let schema = root.appendingPathComponent("schema")
        try FileManager.default.createDirectory(at: schema, withIntermediateDirectories: true)
        try """
            schema: { name: compat }
            tables:
              t:
                columns:
                  id: { type: bigint, primary_key: true }
                  twice: { type: bigint, generated: { expression: id * 2, stored: false } }
            """.write(to: schema.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        #expect(try StrataBinary.run(strata, ["compile", schema.path, "-o", out.path]).status == 0)
        try OlderDatabase.with(.pg15) { database in
            let refused = try StrataBinary.run(strata, ["apply", out.path, "--to", "head", "--url", database.url])
            #expect(refused.status == 3)
            #expect(
                refused.stderr.contains("0001_init needs PostgreSQL 18 for virtual generated column (schema.yaml:6)"),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("this server is PostgreSQL 15"))
            try Self.expectUntouched(database)
        }
    }

    /// Nothing ran: no managed schema, no version table, no extension.
    static func expectUntouched(_ database: OlderDatabase) throws {
        let connection = try database.connect()
        #expect(try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname IN ('negentropy', 'compat')") == [["0"]])
        #expect(try connection.query("SELECT count(*) FROM pg_extension WHERE extname = 'vector'") == [["0"]])
    }
}
