import Testing
@testable import StrataCore

/// Default names as `loadSchema` assigns them, with collisions in the schema's namespaces.
@Suite struct DefaultNamingTests {
    @Test func liftsColumnConstraintsWithPostgresNames() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              parents:
                columns:
                  id: { type: bigint, primary_key: true }
              t:
                columns:
                  id: { type: bigint, primary_key: true }
                  a: { type: text, unique: true }
                  qty: integer
                  parent_id: { type: integer, references: parents }
                checks:
                  - "qty > 0"
                  - "qty < id"
                indexes:
                  - { columns: [a] }
                  - { columns: [a], include: [qty] }
                  - { expression: "lower(a)" }
                  - { expression: "(a || 'x')" }
            """)
        #expect(diagnostics == [])
        let table = try #require(schema?.table(named: "t"))
        #expect(table.primaryKey?.name == "t_pkey")
        #expect(table.uniqueConstraints.map(\.name) == ["t_a_key"])
        #expect(table.checks.map(\.name) == ["t_check", "t_qty_check"])
        #expect(table.foreignKeys.map(\.name) == ["t_parent_id_fkey"])
        // `references: parents` means its primary key; integer → bigint is comparable.
        #expect(table.foreignKeys.first?.referencedColumns == ["id"])
        #expect(table.indexes.map(\.name) == ["t_a_idx", "t_a_qty_idx", "t_expr_idx", "t_lower_idx"])
    }

    @Test func defaultNamesStepAroundDeclaredOnes() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              t:
                columns:
                  a: text
                indexes:
                  - { columns: [a] }
                  - { columns: [a] }
                  - { name: t_a_idx, columns: [a], method: hash }
              t_a_key:
                columns:
                  x: integer
              u:
                columns:
                  a: { type: text, unique: true }
                checks:
                  - { name: u_a_check, expression: "a <> ''" }
                  - "a <> 'x'"
            """)
        #expect(diagnostics == [])
        let t = try #require(schema?.table(named: "t"))
        #expect(t.indexes.map(\.name) == ["t_a_idx", "t_a_idx1", "t_a_idx2"])
        #expect(t.indexes.first { $0.name == "t_a_idx" }?.method == .hash)
        let u = try #require(schema?.table(named: "u"))
        #expect(u.uniqueConstraints.map(\.name) == ["u_a_key"])
        #expect(u.checks.map(\.name) == ["u_a_check", "u_a_check1"])
    }

    @Test func uniqueNameAvoidsATableOfThatName() throws {
        let (schema, _) = load(settingsBlock + """
            tables:
              t:
                columns:
                  a: { type: text, unique: true }
              t_a_key:
                columns:
                  x: integer
            """)
        #expect(schema?.table(named: "t")?.uniqueConstraints.map(\.name) == ["t_a_key1"])
    }

    @Test func serialSequenceNameAvoidsADeclaredSequence() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            sequences:
              t_id_seq: {}
            tables:
              t:
                columns:
                  id: serial
            """)
        #expect(diagnostics == [])
        #expect(schema?.sequences.map(\.name) == ["t_id_seq", "t_id_seq1"])
        #expect(schema?.table(named: "t")?.column(named: "id")?.defaultExpression == "nextval('app.t_id_seq1'::regclass)")
    }
}
