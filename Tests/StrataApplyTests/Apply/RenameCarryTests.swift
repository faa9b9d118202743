import Foundation
import StrataBundle
import Testing

@testable import StrataApply
import StrataTestSupport

/// Renames cost nothing: an expression index and a check that mention a renamed column are
/// carried by PostgreSQL (not rebuilt, not re-validated), and an identity's sequence takes the
/// name a fresh CREATE TABLE gives it (issue 24 item 7).
@Suite(.requiresDatabase, .serialized) struct RenameCarryTests {
    static let v1 = """
        schema:
          name: app
        tables:
          items:
            columns:
              id: { type: integer, primary_key: true }
              seq: { type: bigint, identity: by_default }
              email: { type: text }
            checks:
              - { name: ck_items_email, expression: "email <> 'x'" }
            indexes:
              - { name: ix_items_email, expression: "lower(email)", where: "email IS NOT NULL" }
        """

    static let v2 = """
        schema:
          name: app
        tables:
          goods:
            renamed_from: items
            columns:
              id: { type: integer, primary_key: true }
              seq: { type: bigint, identity: by_default }
              mail: { type: text, renamed_from: email }
            checks:
              - { name: ck_items_email, expression: "mail <> 'x'" }
            indexes:
              - { name: ix_items_email, expression: "lower(mail)", where: "mail IS NOT NULL" }
        """

    @Test func renamesCarryTheIndexTheCheckAndTheIdentitySequence() throws {
        var bundle = try TestBundle()
        defer { bundle.remove() }
        try bundle.compile(Self.v1, message: "items")
        try bundle.compile(Self.v2, message: "goods")
        let up = try String(contentsOf: bundle.directory.appendingPathComponent(bundle.chain[1].up.file), encoding: .utf8)
        #expect(!up.contains("CREATE INDEX") && !up.contains("DROP INDEX") && !up.contains("ADD CONSTRAINT"), "\(up)")
        try TestDatabase.with { database in
            try apply(bundle, to: .revision(bundle.chain[0].id), on: database)
            let connection = try database.connect()
            _ = try connection.execute("INSERT INTO app.items (id, email) VALUES (1, 'A@x'), (2, 'b@x')")
            let indexNode = "SELECT pg_relation_filenode('app.ix_items_email')"
            let before = try connection.query(indexNode)
            try apply(bundle, to: .head, on: database)
            #expect(try connection.query(indexNode) == before, "the index is carried, not rebuilt")
            #expect(try connection.query("SELECT pg_get_serial_sequence('app.goods', 'seq')") == [["app.goods_seq_seq"]])
            #expect(
                try connection.query("INSERT INTO app.goods (id, mail) VALUES (3, 'c@x') RETURNING seq") == [["3"]])
            let drift = try DriftReport.check(bundle.context(), position: 2, on: connection)
            #expect(drift.lines == [], "\(drift.lines)")

            try apply(bundle, to: .back(1), on: database)
            #expect(try connection.query(indexNode) == before)
            #expect(try connection.query("SELECT pg_get_serial_sequence('app.items', 'seq')") == [["app.items_seq_seq"]])
            let driftBack = try DriftReport.check(bundle.context(), position: 1, on: connection)
            #expect(driftBack.lines == [], "\(driftBack.lines)")
        }
    }
}
