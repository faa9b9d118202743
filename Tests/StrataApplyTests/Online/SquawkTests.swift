import Foundation
import Testing

/// squawk finds no statement that blocks writes on an existing table for a scan or an index
/// build in the up scripts strata generates: the example chain, the golden cases, and (through
/// `TestBundle.compile`) every bundle the apply tests compile.
@Suite(.enabled(if: Squawk.available, "squawk is not installed (run scripts/test.sh)")) struct SquawkTests {
    static var root: URL { ExampleBundle.repositoryRoot }

    static func upScripts(in directory: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".up.sql") }
            .sorted { $0.path < $1.path }
    }

    /// 0002 was compiled before strata generated online DDL; it is checksummed history and keeps
    /// its two plain index builds on `facts`. Every later revision must be clean.
    static let exampleHistory: Set<String> = [
        "0002_track_memory_access_index_facts.up.sql:21: require-concurrent-index-creation",
        "0002_track_memory_access_index_facts.up.sql:23: require-concurrent-index-creation",
    ]

    @Test func theExampleChainHasNoBlockingFindings() throws {
        let scripts = try Self.upScripts(in: Self.root.appendingPathComponent("out"))
        #expect(scripts.count >= 4)
        var found: Set<String> = []
        for script in scripts {
            let text = try String(contentsOf: script, encoding: .utf8)
            for finding in try Squawk.blockingFindings(inUpScript: text, name: script.lastPathComponent) {
                found.insert("\(finding.file):\(finding.line): \(finding.rule)")
            }
        }
        #expect(found == Self.exampleHistory)
    }

    /// Plain index drops and builds on a table the same transaction rewrites (a recreated enum's
    /// conversion holds ACCESS EXCLUSIVE until the commit, and PostgreSQL rebuilds the table's
    /// other indexes there anyway): they block nothing more, and a unique index is never missing
    /// after the commit (docs/generated-sql-safety.md).
    static let rewrittenInBody: Set<String> = [
        "enum_value_removed_dependents/expected/0002.up.sql: require-concurrent-index-deletion",
        "enum_value_removed_dependents/expected/0002.up.sql: require-concurrent-index-creation",
    ]

    /// The golden up scripts of the reference cases (one per change kind, most on existing tables).
    @Test func theGoldenCasesHaveNoBlockingFindings() throws {
        let scripts = try Self.upScripts(in: Self.root.appendingPathComponent("Tests/ReferenceTests/Cases"))
        #expect(scripts.count > 20)
        var findings: [Squawk.Finding] = []
        for script in scripts where !Self.optsOut(caseOf: script) {
            let text = try String(contentsOf: script, encoding: .utf8)
            let name = script.pathComponents.suffix(3).joined(separator: "/")
            findings += try Squawk.blockingFindings(inUpScript: text, name: name).filter {
                !Self.rewrittenInBody.contains("\($0.file): \($0.rule)")
            }
        }
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }

    /// Whether the case's YAML opts out of online DDL (`online: false`, `concurrently: false`).
    static func optsOut(caseOf script: URL) -> Bool {
        let caseDirectory = script.deletingLastPathComponent().deletingLastPathComponent()
        guard let walker = FileManager.default.enumerator(at: caseDirectory, includingPropertiesForKeys: nil) else {
            return false
        }
        for case let file as URL in walker where file.pathExtension == "yaml" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if text.contains("online: false") || text.contains("concurrently: false") { return true }
        }
        return false
    }

    /// The linter really sees what it is run for: the plain forms are findings.
    @Test func theLinterFlagsThePlainForms() throws {
        let plain = """
            CREATE INDEX ix ON s.t (a);
            ALTER TABLE s.t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.u (id);
            ALTER TABLE s.t ALTER COLUMN b SET NOT NULL;
            ALTER TABLE s.t ADD CONSTRAINT uq UNIQUE (a);
            DROP INDEX s.old;
            """
        let rules = Set(try Squawk.blockingFindings(inUpScript: plain, name: "plain.sql").map(\.rule))
        #expect(rules.isSuperset(of: ["require-concurrent-index-creation", "adding-foreign-key-constraint",
                                      "require-concurrent-index-deletion", "disallowed-unique-constraint"]))
        #expect(rules.contains("adding-not-nullable-field") || rules.contains("setting-not-nullable-field"))
    }
}
