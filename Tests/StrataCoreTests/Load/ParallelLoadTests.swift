import Testing
@testable import StrataCore

/// Schema files are composed and decoded on every core (`concurrentMap`); what comes out must be
/// what a load one file after the other gives: the schema, and the diagnostics in path order with
/// the same ones kept under the per-kind cap.
@Suite struct ParallelLoadTests {
    static let settings = "schema:\n  name: negentropy\n"

    /// `t000`, `t001`, ...: names that sort like the numbers.
    static func tableName(_ index: Int) -> String { "t" + String(String(index + 1000).dropFirst()) }

    static func files(_ count: Int, body: (String) -> String) -> [SourceFile] {
        var files = [SourceFile(path: "schema/schema.yaml", contents: Array(settings.utf8))]
        for index in 0..<count {
            let name = tableName(index)
            files.append(SourceFile(path: "schema/tables/\(name).yaml", contents: Array(body(name).utf8)))
        }
        return files
    }

    @Test func concurrentMapKeepsTheInputsOrder() {
        let input = Array(0..<10_000)
        #expect(input.concurrentMap { $0 * 3 } == input.map { $0 * 3 })
        #expect([Int]().concurrentMap { $0 } == [])
        #expect([7].concurrentMap { "\($0)" } == ["7"])
    }

    @Test func manyFilesLoadIntoTheSameSchemaEveryTime() throws {
        let files = Self.files(300) { name in
            "tables:\n  \(name):\n    columns:\n      id: { type: bigint, primary_key: true }\n      note: text\n"
        }
        var first = DiagnosticCollector()
        let schema = try #require(loadSchema(files, diagnostics: &first))
        let expectedNames = (0..<300).map(Self.tableName)
        #expect(schema.tables.map(\.name) == expectedNames)
        for _ in 0..<3 {
            var again = DiagnosticCollector()
            #expect(loadSchema(files, diagnostics: &again) == schema)
        }
    }

    @Test func diagnosticsOfManyFilesComeInPathOrderAndTheCapKeepsTheFirst() {
        let files = Self.files(200) { name in
            "tables:\n  \(name):\n    columns:\n      id: { type: bigint, primary_kye: true }\n"
        }
        var collector = DiagnosticCollector()
        #expect(loadSchema(files, diagnostics: &collector) == nil)
        let sorted = collector.sorted
        let limit = DiagnosticCollector.limitPerKind
        #expect(sorted.count == limit + 1)
        let firstFiles: [String?] = (0..<limit).map { "schema/tables/\(Self.tableName($0)).yaml" }
        #expect(sorted.prefix(limit).map { $0.location?.file } == firstFiles)
        #expect(sorted.last?.omitted == 200 - limit)
    }
}
