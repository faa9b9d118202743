import Foundation
import StrataCore
import Testing
@testable import StrataBundle

/// The bundle's own JSON writer must give exactly Foundation's bytes, so bundles written before
/// it (the example's, every user's) stay byte-identical when a snapshot is written again.
@Suite struct DeterministicJSONTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func foundation<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [UInt8(ascii: "\n")]
    }

    /// Every snapshot the repository holds: the example's and the golden cases'.
    static var snapshotFiles: [String] {
        let roots = ["out/snapshots", "Tests/ReferenceTests/Cases"]
        var files: [String] = []
        for root in roots {
            let url = repository.appendingPathComponent(root)
            guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { continue }
            while let path = enumerator.nextObject() as? String {
                if path.hasSuffix(".json") { files.append(url.appendingPathComponent(path).path) }
            }
        }
        return files.sorted()
    }

    @Test func snapshotsEncodeToFoundationsBytes() throws {
        #expect(Self.snapshotFiles.count > 10)
        for file in Self.snapshotFiles {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let schema = try JSONDecoder().decode(Schema.self, from: Data(bytes))
            #expect(DeterministicJSON.encode(schema) == (try Self.foundation(schema)), "\(file)")
        }
    }

    @Test func chainEncodesToFoundationsBytes() throws {
        let bytes = Array(try Data(contentsOf: Self.repository.appendingPathComponent("out/chain.json")))
        let chain = try JSONDecoder().decode(ChainFile.self, from: Data(bytes))
        #expect(DeterministicJSON.encode(chain) == bytes)
        #expect(DeterministicJSON.encode(chain) == (try Self.foundation(chain)))
    }

    @Test func stringsAreEscapedLikeFoundation() throws {
        var schema = Schema(name: "s", comment: "quote \" backslash \\ slash / tab \t newline \n bell \u{07} é 🙂")
        schema.tables = [
            Table(
                name: "Mixed_Case", comment: "",
                columns: [Column(name: "a", type: ColumnType(name: "integer", modifiers: [-1, 0, 1 << 40]))])
        ]
        #expect(DeterministicJSON.encode(schema) == (try Self.foundation(schema)))
    }
}
