import Foundation
import StrataBundle
import StrataCore
import Testing

@testable import StrataApply
import StrataTestSupport

/// Tables and columns of the managed schema as the catalog has them (the version table left out):
/// `table: column NOT NULL?` lines, tables by name, columns by position.
func catalogColumns(_ connection: borrowing Connection, schema: String = "negentropy") throws -> [String] {
    try connection.query(
        """
        SELECT c.relname || ': ' || a.attname || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '\(schema)' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relname <> 'strata_version'
        ORDER BY c.relname, a.attnum
        """
    ).map { $0[0] ?? "" }
}

/// The same lines from a snapshot.
func snapshotColumns(_ schema: Schema) -> [String] {
    schema.tables.sorted { $0.name < $1.name }.flatMap { table in
        table.columns.map { "\(table.name): \($0.name)" + ($0.nullable ? "" : " not null") }
    }
}

func versionRows(_ connection: borrowing Connection) throws -> [String] {
    try connection.query("SELECT revision FROM negentropy.strata_version ORDER BY position").map { $0[0] ?? "" }
}

func relations(_ connection: borrowing Connection, schema: String = "negentropy") throws -> [String] {
    try connection.query(
        """
        SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '\(schema)' ORDER BY 1
        """
    ).map { $0[0] ?? "" }
}

@Suite(.requiresDatabase, .serialized) struct ApplyIntegrationTests {
    @Test func upToHeadMatchesEverySnapshotAndRecordsRows() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let outcome = try apply(bundle, to: .head, on: database)
            #expect(outcome.from == nil)
            #expect(outcome.to == bundle.chain.last?.id)
            let connection = try database.connect()
            let head = try bundle.bundle!.headSnapshot()!
            #expect(try catalogColumns(connection) == snapshotColumns(head))
            #expect(try versionRows(connection) == bundle.chain.map(\.id))
            let rows = try connection.query(
                "SELECT applied_by, execution_ms >= 0, chain_hash FROM negentropy.strata_version ORDER BY position")
            #expect(rows.map { $0[0] } == Array(repeating: "strata", count: 3))
            #expect(rows.map { $0[2] } == bundle.chain.map(\.chainHash))
            // A second run has nothing to do.
            #expect(try apply(bundle, to: .head, on: database).plan.isEmpty)
        }
    }

    @Test func downToBaseLeavesOnlyTheVersionTable() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .head, on: database)
            let outcome = try apply(bundle, to: .base, on: database)
            #expect(outcome.plan.steps.map(\.direction) == [.down, .down, .down])
            let connection = try database.connect()
            #expect(try relations(connection) == ["strata_version:r", "strata_version_parent_key:i",
                "strata_version_pkey:i", "strata_version_position_key:i"])
            #expect(try versionRows(connection) == [])
            #expect(try connection.query("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'negentropy' AND t.typtype = 'e'") == [["0"]])
            // Extensions stay.
            #expect(try connection.query("SELECT extname FROM pg_extension WHERE extname = 'vector'") == [["vector"]])
        }
    }

    @Test func upDownUpForEveryRevision() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            for entry in bundle.chain {
                try apply(bundle, to: .forward(1), on: database)
                let snapshot = try bundle.bundle!.snapshot(of: entry)
                #expect(try catalogColumns(connection) == snapshotColumns(snapshot), "after up \(entry.id)")
                try apply(bundle, to: .back(1), on: database)
                let parent = entry.position == 1 ? Schema.base(name: "negentropy")
                    : try bundle.bundle!.snapshot(of: bundle.chain[entry.position - 2])
                #expect(try catalogColumns(connection) == snapshotColumns(parent), "after down \(entry.id)")
                try apply(bundle, to: .forward(1), on: database)
                #expect(try catalogColumns(connection) == snapshotColumns(snapshot), "after up again \(entry.id)")
                #expect(try versionRows(connection) == bundle.chain.prefix(entry.position).map(\.id))
            }
        }
    }

    @Test func revisionPrefixAndRelativeTargets() throws {
        let bundle = try Schemas.threeRevisions()
        defer { bundle.remove() }
        try TestDatabase.with { database in
            try apply(bundle, to: .revision("0002"), on: database)
            let connection = try database.connect()
            #expect(try versionRows(connection) == bundle.chain.prefix(2).map(\.id))
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .back(3), on: database) }
            #expect(throws: ApplyFailure.self) { try apply(bundle, to: .revision("9"), on: database) }
            try apply(bundle, to: .back(2), on: database)
            #expect(try versionRows(connection) == [])
        }
    }
}
