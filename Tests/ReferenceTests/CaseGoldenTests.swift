import Foundation
import StrataCore
import Testing

/// Each directory under `Cases/` holds successive states of one schema directory (`1/`, `2/`, ...)
/// and, under `expected/`, what compiling them one after the other must produce:
/// `NNNN.up.sql`, `NNNN.down.sql` and `NNNN.json` (the snapshot). A step directory may hold a
/// `message` file (the revision message; default `step N`), an empty `allow-destructive` file, and a
/// `warnings` file (the warning messages it must report, one per line).
@Suite struct CaseGoldenTests {
    static let casesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Cases")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Guards the parameterized test below, which runs nothing when no case is found.
    @Test func casesExist() {
        #expect(Self.caseNames.count >= 18)
    }

    @Test(arguments: caseNames)
    func compiledScriptsMatchTheGoldenFiles(name: String) throws {
        let caseDirectory = Self.casesDirectory.appendingPathComponent(name)
        let steps = try FileManager.default.contentsOfDirectory(atPath: caseDirectory.path)
            .compactMap(Int.init).sorted()
        try #require(!steps.isEmpty, "case \(name) has no numbered step directories")
        var parent: ParentRevision?
        for step in steps {
            let stepDirectory = caseDirectory.appendingPathComponent(String(step))
            let number = String(repeating: "0", count: max(0, 4 - String(step).count)) + String(step)
            let message = (try? String(contentsOf: stepDirectory.appendingPathComponent("message"), encoding: .utf8))
                .map { $0.split(separator: "\n").first.map(String.init) ?? "" } ?? "step \(step)"
            let request = CompileRequest(
                files: try schemaFiles(in: stepDirectory), parent: parent,
                revisionID: "\(number)_\(name)", message: message,
                allowDestructive: FileManager.default.fileExists(
                    atPath: stepDirectory.appendingPathComponent("allow-destructive").path))
            let (outcome, diagnostics) = compileRevision(request)
            // Warnings a step expects are listed, one message per line, in its `warnings` file.
            let expectedWarnings = (try? String(contentsOf: stepDirectory.appendingPathComponent("warnings"), encoding: .utf8))
                .map { $0.split(separator: "\n").map(String.init) } ?? []
            let warnings = diagnostics.filter { $0.severity == .warning }.map(\.message)
            #expect(warnings == expectedWarnings, "step \(step) of \(name) warned otherwise")
            let unexpected = diagnostics.filter { $0.severity != .warning }
            let reported = unexpected.map { $0.description }.joined(separator: "\n")
            #expect(unexpected.isEmpty, "step \(step) of \(name) reported:\n\(reported)")
            guard case .revision(let revision) = outcome else {
                Issue.record("step \(step) of \(name) compiled to \(outcome), not a revision")
                return
            }
            // What compile records as the revision's version requirements is what a scan of the
            // script it wrote finds (apply scans revisions compiled before they were recorded).
            #expect(
                Set(revision.requirements?.uses.map(\.use.construct) ?? [])
                    == Set(RequirementScanner.constructs(in: revision.upSQL).map(\.name)),
                "step \(step) of \(name): recorded requirements differ from the script's")
            let expected = caseDirectory.appendingPathComponent("expected")
            Golden.check(revision.upSQL, against: expected.appendingPathComponent("\(number).up.sql"))
            Golden.check(revision.downSQL, against: expected.appendingPathComponent("\(number).down.sql"))
            let snapshot = try snapshotText(revision.snapshot)
            Golden.check(snapshot, against: expected.appendingPathComponent("\(number).json"))
            // The next step reads the snapshot back as `compile` would: hints and locations gone.
            parent = ParentRevision(
                id: revision.id, snapshot: try JSONDecoder().decode(Schema.self, from: Data(snapshot.utf8)))
        }
    }

    /// Every `*.yaml`/`*.yml` under `directory`, in sorted path order, named `schema/<relative path>`.
    func schemaFiles(in directory: URL) throws -> [SourceFile] {
        let root = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { paths.append(path) }
        }
        return try paths.sorted().map { path in
            SourceFile(path: "schema/" + path, contents: Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))))
        }
    }

    func snapshotText(_ schema: Schema) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(schema), as: UTF8.self) + "\n"
    }
}
