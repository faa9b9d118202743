import Foundation
import StrataCore
import Testing
@testable import StrataBundle

/// The bundle's JSON is Foundation's (`.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes`,
/// a final newline); the snapshot writer gives the same bytes field by field. Every file the
/// repository holds re-encodes to exactly its bytes, so bundles written before stay byte-identical.
@Suite struct DeterministicJSONTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    @Test func snapshotsEncodeToTheirOwnBytesBothWays() throws {
        #expect(Self.snapshotFiles.count > 10)
        for file in Self.snapshotFiles {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let schema = try JSONDecoder().decode(Schema.self, from: Data(bytes))
            #expect(DeterministicJSON.encode(schema) == bytes, "\(file)")
            #expect(SnapshotJSON.encode(schema).bytes == bytes, "\(file)")
        }
    }

    @Test func chainEncodesToItsOwnBytes() throws {
        let bytes = Array(try Data(contentsOf: Self.repository.appendingPathComponent("out/chain.json")))
        let chain = try JSONDecoder().decode(ChainFile.self, from: Data(bytes))
        #expect(DeterministicJSON.encode(chain) == bytes)
    }

    /// The CLI's `--format json` strings are spelled as Foundation spells them.
    @Test func stringLiteralsAreEscapedLikeFoundation() throws {
        let text = "quote \" backslash \\ slash / tab \t newline \n bell \u{07} form \u{0C} é 🙂"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(PrettyJSONText.stringLiteral(text) == String(decoding: try encoder.encode(text), as: UTF8.self))
        var schema = Schema(name: "s", comment: text)
        schema.tables = [
            Table(
                name: "Mixed_Case", comment: "",
                columns: [Column(name: "a", type: ColumnType(name: "integer", modifiers: [-1, 0, 1 << 40]))])
        ]
        #expect(SnapshotJSON.encode(schema).bytes == DeterministicJSON.encode(schema))
    }
}
