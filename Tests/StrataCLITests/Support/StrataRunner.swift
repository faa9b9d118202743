import Foundation
import StrataTestSupport
import Testing

/// Runs the built `strata` binary in a scratch directory and captures what it printed. The scratch
/// directory goes when the runner does (at the end of the test that made it).
final class StrataRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The scratch directory commands run in (the binary sees relative paths from here).
    let directory: URL

    init() throws {
        directory = try Scratch.directory("cli")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The `strata` executable next to the test bundle (`.build/<triple>/debug/`), else under
    /// the package's `.build/debug/`, found from this file's path.
    static let executable: URL = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("strata"),
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("strata"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/strata"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `strata arguments...` with colours off. `DATABASE_URL` and libpq's `PG*` target
    /// variables of the test process are left out (a test names its database itself), then
    /// `environment` is added.
    func run(_ arguments: String..., environment extra: [String: String] = [:]) throws -> Result {
        try run(arguments, environment: extra)
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for name in ["DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"] {
            environment[name] = nil
        }
        environment.merge(extra) { _, new in new }
        return try Self.capture(Self.executable, arguments, environment: environment, in: directory)
    }

    /// Runs a program in `directory` (through the shared file-capturing runner).
    static func capture(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, in directory: URL
    ) throws -> Result {
        let result = try ProcessCapture.run(executable, arguments, environment: environment, in: directory)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Writes a file under the scratch directory, creating parent directories.
    func write(_ path: String, _ text: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path)
    }

    /// Every file under `path`, relative, sorted.
    func files(under path: String) -> [String] {
        let root = directory.appendingPathComponent(path)
        let all = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        return all.filter { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    /// The schema used by most tests: one settings file and one table file.
    func writeSmallSchema() throws {
        try write(
            "schema/negentropy.yaml",
            """
            schema:
              name: negentropy

            """)
        try write(
            "schema/tables/memory.yaml",
            """
            tables:
              memories:
                columns:
                  id: { type: uuid, primary_key: true }
                  content: { type: text, nullable: false }

            """)
    }

    /// Adds a second table to the small schema.
    func addNotesTable() throws {
        try write(
            "schema/tables/notes.yaml",
            """
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true }
                  body: text

            """)
    }
}
