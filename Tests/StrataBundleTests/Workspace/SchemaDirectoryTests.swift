import Foundation
import StrataTestSupport
import Testing
@testable import StrataBundle
@testable import StrataCore

/// Reading SCHEMA_DIR: nothing left out silently, nothing read twice, nothing read without bound.
@Suite struct SchemaDirectoryTests {
    func problems(_ directory: URL) -> [String] {
        do {
            _ = try SchemaDirectory.read(directory.path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aDirectorySymlinkThatStaysATreeIsFollowed() throws {
        let root = try Scratch.directory("schema-dir")
        let schema = try Workspace.schemaDirectory(in: root, tables: ["users"])
        let extra = root.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: extra, withIntermediateDirectories: true)
        try Data("tables:\n  posts:\n    columns:\n      id: bigint\n".utf8).write(to: extra.appendingPathComponent("posts.yaml"))
        try FileManager.default.createSymbolicLink(
            atPath: schema.appendingPathComponent("tables/linked").path, withDestinationPath: "../../extra")
        let files = try SchemaDirectory.read(schema.path)
        #expect(files.map { $0.path.components(separatedBy: "schema/").last! } == [
            "negentropy.yaml", "tables/linked/posts.yaml", "tables/users.yaml",
        ])
    }

    /// A link that loops, a second way into a directory (whichever sorts first, the link is
    /// named), a link that dangles: each an error naming the link.
    @Test(arguments: [
        ("tables/up", "..", "tables/up: symbolic link loop (it leads back to ., which contains it); remove the link"),
        ("again", "tables", "again: a second way into tables, already read (its tables would be declared twice); remove the link"),
        ("zz", "tables", "zz: a second way into tables, already read (its tables would be declared twice); remove the link"),
        ("tables/moved", "../elsewhere", "tables/moved: broken symbolic link to `../elsewhere`; fix or remove the link"),
    ])
    func aLinkThatIsNotATreeIsAnErrorNamingIt(link: String, destination: String, expected: String) throws {
        let root = try Scratch.directory("schema-dir")
        let schema = try Workspace.schemaDirectory(in: root, tables: ["users"])
        try FileManager.default.createSymbolicLink(
            atPath: schema.appendingPathComponent(link).path, withDestinationPath: destination)
        let shown = SchemaDirectory.displayPrefix(for: schema.path)
        let message = expected.replacingOccurrences(of: "back to .,", with: "back to \(shown.dropLast()),")
        #expect(problems(schema) == [shown + message.replacingOccurrences(of: "into tables", with: "into \(shown)tables")])
    }

    @Test func aFileOverTheLimitIsRefusedBeforeItIsRead() throws {
        let root = try Scratch.directory("schema-dir")
        let schema = try Workspace.schemaDirectory(in: root, tables: ["users"])
        let huge = schema.appendingPathComponent("tables/sparse.yaml")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 2 << 30)  // 2 GiB, sparse: nothing to read would be quick
        try handle.close()
        let clock = ContinuousClock()
        let started = clock.now
        let found = problems(schema)
        #expect(clock.now - started < .seconds(2))
        let shown = SchemaDirectory.displayPrefix(for: schema.path)
        #expect(found == [
            "\(shown)tables/sparse.yaml: 2048 MiB is over the 64 MiB limit for one schema file; "
                + "split its tables over several files under the schema directory"
        ])
    }

    @Test func anInvalidFirstByteIsReportedWithoutReadingTheRest() throws {
        let root = try Scratch.directory("schema-dir")
        let schema = try Workspace.schemaDirectory(in: root, tables: [])
        let nul = schema.appendingPathComponent("tables/nul.yaml")
        try Data(count: 60 << 20).write(to: nul)  // 60 MiB of NUL bytes, under the limit
        let files = try SchemaDirectory.read(schema.path)
        #expect(files.first { $0.path.hasSuffix("nul.yaml") }?.contents == [0])
        let loaded = LoadedSchema(files)
        #expect(loaded.diagnostics.map(\.message) == ["invalid YAML: control characters are not allowed"])
        #expect(loaded.diagnostics.first?.location.map { [$0.line, $0.column] } == [1, 1])
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x1B, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF])
    func bytesThatCannotBeginText(_ byte: UInt8) {
        #expect(!SchemaDirectory.canBeginText(byte))
    }

    @Test(arguments: [UInt8(0x09), 0x0A, 0x0D, 0x20, UInt8(ascii: "s"), 0xC2, 0xEF, 0xF4])
    func bytesThatMayBeginText(_ byte: UInt8) {
        #expect(SchemaDirectory.canBeginText(byte))
    }
}
