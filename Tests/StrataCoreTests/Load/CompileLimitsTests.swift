import Testing
@testable import StrataCore

/// Limits PostgreSQL enforces, the cap on repeated diagnostics, and keys PostgreSQL folds
/// (issue 6, compile items).
@Suite struct CompileLimitsTests {
    @Test func aNulCharacterInANameIsALocatedError() {
        let marked = MarkedText(settingsBlock + """
            tables:
              1️⃣"t\\0x":
                columns:
                  id: bigint
              u:
                columns:
                  2️⃣"a\\0": text
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        let nul = diagnostics.filter { $0.message.contains("NUL character") }
        #expect(nul.map(\.location) == [marked.location("1️⃣"), marked.location("2️⃣")])
        #expect(nul.allSatisfy { $0.severity == .error })
    }

    @Test func moreThan1600ColumnsIsALocatedError() {
        func table(_ columns: Int) -> MarkedText {
            MarkedText(
                settingsBlock + "tables:\n  1️⃣wide:\n    columns:\n"
                    + (1...columns).map { "      c\($0): integer\n" }.joined())
        }
        let (fits, none) = load(table(1600).text)
        #expect(none.isEmpty)
        #expect(fits?.table(named: "wide")?.columns.count == 1600)
        let marked = table(1601)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(
            diagnostics == [
                .error(
                    "table `wide` has 1601 columns; PostgreSQL allows at most 1600", at: marked.location("1️⃣"),
                    notes: [.init("split it into tables joined by a key")])
            ])
    }

    /// INDEX_MAX_KEYS: CREATE INDEX (and a key's index) with more than 32 columns fails with 54011.
    @Test func keysAndIndexesOfMoreThan32ColumnsAreLocatedErrors() {
        func yaml(_ width: Int) -> MarkedText {
            let names = (1...width).map { "c\($0)" }.joined(separator: ", ")
            return MarkedText(
                settingsBlock + "tables:\n  wide:\n    columns:\n" + (1...40).map { "      c\($0): integer\n" }.joined()
                    + "    unique:\n      - 1️⃣{ columns: [\(names)] }\n"
                    + "    foreign_keys:\n      - 2️⃣{ columns: [\(names)], references: { table: wide, columns: [\(names)] } }\n"
                    + "    indexes:\n      - 3️⃣{ name: ix_wide, columns: [\(names)] }\n"
                    + "      - 4️⃣{ name: ix_wide_include, columns: [c1], include: [\((2...width).map { "c\($0)" }.joined(separator: ", "))] }\n")
        }
        let (fits, none) = load(yaml(32).text)
        #expect(none.isEmpty, "\(none)")
        #expect(fits?.table(named: "wide")?.indexes.count == 2)
        let marked = yaml(33)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics.map(\.message) == [
            "unique constraint `wide_c1_c2_c3_c4_c5_c6_c7_c8_c9_c10_c11_c12_c13_c14_c15_c16_key` of table `wide` has 33 columns; PostgreSQL allows at most 32",
            "foreign key `wide_c1_c2_c3_c4_c5_c6_c7_c8_c9_c10_c11_c12_c13_c14_c15_c1_fkey` of table `wide` has 33 columns; PostgreSQL allows at most 32",
            "index `ix_wide` of table `wide` has 33 columns; PostgreSQL allows at most 32",
            "index `ix_wide_include` of table `wide` has 33 columns; PostgreSQL allows at most 32",
        ])
        #expect(diagnostics.map(\.location) == ["1️⃣", "2️⃣", "3️⃣", "4️⃣"].map { marked.location($0) })
    }

    /// PostgreSQL truncates a long name but refuses a long enum label; the note says which.
    @Test func aLongEnumLabelIsRefusedNotTruncated() {
        let label = String(repeating: "x", count: 64)
        let (schema, diagnostics) = load(settingsBlock + "enums:\n  e: [\(label)]\n")
        #expect(schema == nil)
        #expect(diagnostics.map(\.message) == ["enum label `\(label)` is 64 bytes long; PostgreSQL keeps at most 63 bytes"])
        #expect(diagnostics.first?.notes.map(\.message) == ["PostgreSQL refuses longer labels; choose a shorter label"])
    }

    @Test func anEmptyTableNameIsReportedOnce() {
        let marked = MarkedText(settingsBlock + """
            tables:
              1️⃣"":
                columns:
                  id: bigint
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(schema == nil)
        #expect(diagnostics == [.error("table name is empty", at: marked.location("1️⃣"))])
    }

    @Test func repeatedDiagnosticsAreCappedWithACount() {
        let keys = (1...100).map { "      c\($0): { type: text, bogus\($0): 1 }\n" }.joined()
        let yaml = settingsBlock + "tables:\n  t:\n    columns:\n" + keys
        var collector = DiagnosticCollector()
        let schema = loadSchema([SourceFile(path: "schema.yaml", contents: Array(yaml.utf8))], diagnostics: &collector)
        #expect(schema == nil)
        let sorted = collector.sorted
        let limit = DiagnosticCollector.limitPerKind
        #expect(sorted.count == limit + 1)
        #expect(sorted.prefix(limit).allSatisfy { $0.message.hasPrefix("unknown key `bogus") && $0.omitted == 0 })
        let summary = try! #require(sorted.last)
        #expect(summary.severity == .error)
        #expect(summary.omitted == 100 - limit)
        #expect(summary.location == nil)
        #expect(summary.message.hasPrefix("\(100 - limit) more like \"unknown key `bogus"))
        #expect(collector.hasErrors)
    }

    @Test func differentKindsAreCappedSeparately() {
        var collector = DiagnosticCollector()
        for index in 0..<30 { collector.error("unknown key `k\(index)` in table `t`") }
        for index in 0..<5 { collector.error("table `t\(index)` is declared twice") }
        collector.emit(.warning("it's a warning with 'quoted' text"))
        let sorted = collector.sorted
        #expect(sorted.count == DiagnosticCollector.limitPerKind + 5 + 1 + 1)
        #expect(sorted.last?.omitted == 30 - DiagnosticCollector.limitPerKind)
    }

    @Test func aUniqueConstraintOnThePrimaryKeyIsFoldedIntoIt() throws {
        let marked = MarkedText(settingsBlock + """
            tables:
              a:
                columns:
                  id: { type: bigint, primary_key: true, unique: 1️⃣true }
              b:
                columns:
                  x: integer
                  y: integer
                primary_key: { columns: [x, y] }
                unique:
                  - 2️⃣{ name: b_x_y_uk, columns: [x, y] }
                  - { columns: [y, x] }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.severity) == [.warning, .warning])
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣"), marked.location("2️⃣")])
        #expect(diagnostics[0].message.contains("repeats the primary key"))
        #expect(diagnostics[1].notes.first?.message == "the primary key takes its name `b_x_y_uk`")
        let a = try #require(schema?.table(named: "a"))
        #expect(a.primaryKey?.name == "a_pkey")
        #expect(a.uniqueConstraints.isEmpty)
        let b = try #require(schema?.table(named: "b"))
        // PostgreSQL gives the key the constraint's name; the reversed columns are another index.
        #expect(b.primaryKey?.name == "b_x_y_uk")
        #expect(b.uniqueConstraints.map(\.name) == ["b_y_x_key"])
    }

    @Test func aUniqueConstraintThatDiffersFromTheKeyIsKept() throws {
        let (schema, diagnostics) = load(settingsBlock + """
            tables:
              a:
                columns:
                  id: { type: bigint, primary_key: true }
                unique:
                  - { columns: [id], nulls_not_distinct: true }
                  - { columns: [id], deferrable: true }
            """)
        #expect(diagnostics.isEmpty)
        #expect(try #require(schema?.table(named: "a")).uniqueConstraints.count == 2)
    }

    /// CREATE TABLE also builds only the first of two identical unique constraints; an unnamed
    /// first one takes the repeat's name.
    @Test func aUniqueConstraintRepeatingAnEarlierOneIsFoldedIntoIt() throws {
        let marked = MarkedText(settingsBlock + """
            tables:
              a:
                columns:
                  id: { type: bigint, primary_key: true }
                  code: { type: text, unique: true }
                  x: integer
                unique:
                  - 1️⃣{ name: uq_a_code, columns: [code] }
                  - { name: uq_a_x, columns: [x] }
                  - 2️⃣{ name: uq_a_x_again, columns: [x] }
                  - { columns: [x], nulls_not_distinct: true }
            """)
        let (schema, diagnostics) = load(marked.text)
        #expect(diagnostics.map(\.severity) == [.warning, .warning])
        #expect(diagnostics.map(\.location) == [marked.location("1️⃣"), marked.location("2️⃣")])
        #expect(diagnostics[0].message.contains("repeats an earlier one; PostgreSQL keeps only the first"))
        #expect(diagnostics[0].notes.first?.message == "the first one takes its name `uq_a_code`")
        #expect(diagnostics[1].notes.first?.message == "the first one is declared here")
        let a = try #require(schema?.table(named: "a"))
        #expect(Set(a.uniqueConstraints.map(\.name)) == ["uq_a_code", "uq_a_x", "a_x_key"])
    }
}
