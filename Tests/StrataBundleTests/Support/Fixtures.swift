import Foundation
import StrataTestSupport
@testable import StrataBundle
@testable import StrataCore

/// Hand-made revisions and temporary bundle directories for the bundle tests.
enum Fixtures {
    static let schemaName = "negentropy"

    static func schema(tables: [String]) -> Schema {
        Schema(
            name: schemaName,
            tables: tables.map { name in
                Table(name: name, columns: [Column(name: "id", type: ColumnType(name: "uuid"), nullable: false)])
            })
    }

    /// A revision creating `table`, as compile would hand it over.
    static func revision(
        position: Int, parent: String?, message: String, tables: [String], upBody: String? = nil,
        transactional: Bool = true
    ) -> CompiledRevision {
        let id = RevisionID.make(position: position, message: message)
        let table = tables.last ?? "none"
        let up =
            "-- revision: \(id)\n-- parent: \(parent ?? "base")\n-- message: \(message)\n\n"
            + (upBody ?? "CREATE TABLE \(schemaName).\(table) (\n    id uuid NOT NULL\n);\n")
        let down = "-- revision: \(id) (down)\n\nDROP TABLE \(schemaName).\(table);\n"
        return CompiledRevision(
            id: id, parentID: parent, message: message, upSQL: up, downSQL: down,
            snapshot: schema(tables: tables), changes: ["create table \(table)"], hazards: [],
            isTransactional: transactional)
    }

    /// A fresh empty directory, removed with the test process's scratch root.
    static func temporaryDirectory() throws -> URL { try Scratch.directory("bundle-tests") }

    /// A bundle with three revisions: users, posts, comments.
    static func threeRevisionBundle() throws -> URL {
        let directory = try temporaryDirectory().appendingPathComponent("out")
        let store = BundleStore(directory: directory)
        let first = revision(position: 1, parent: nil, message: "init", tables: ["users"])
        try store.append(first)
        let second = revision(position: 2, parent: first.id, message: "add posts", tables: ["posts", "users"])
        try store.append(second)
        let third = revision(
            position: 3, parent: second.id, message: "add comments", tables: ["comments", "posts", "users"])
        try store.append(third)
        return directory
    }

    static func read(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    static func loadChain(_ directory: URL) throws -> ChainFile {
        try JSONDecoder().decode(ChainFile.self, from: Data(contentsOf: directory.appendingPathComponent("chain.json")))
    }

    static func saveChain(_ chain: ChainFile, _ directory: URL) throws {
        try Data(DeterministicJSON.encode(chain)).write(to: directory.appendingPathComponent("chain.json"))
    }
}
