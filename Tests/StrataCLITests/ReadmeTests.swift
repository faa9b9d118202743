import Foundation
import StrataTestSupport
import Testing

/// The README is the front door: the files it names exist, and its command table offers exactly
/// what each command's help accepts, so a newcomer copying from it never meets "unknown option".
@Suite struct ReadmeTests {
    static var readme: String {
        get throws {
            try String(
                contentsOf: ExampleBundleTests.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        }
    }

    /// The pages that name the example's files: the README (its tour) and the docs it links.
    static let pagesNamingFiles = [
        "README.md", "docs/yaml.md", "docs/compile-output.md", "docs/apply.md", "docs/decisions.md",
        "docs/testing.md",
    ]

    /// Every `schema/...` and `out/...` file those pages name (a YAML, SQL or JSON file of the example).
    @Test func filesItNamesExist() throws {
        var paths: Set<String> = []
        for page in Self.pagesNamingFiles {
            let text = try String(
                contentsOf: ExampleBundleTests.repositoryRoot.appendingPathComponent(page), encoding: .utf8)
            let pattern = /(?:schema|out)\/[A-Za-z0-9_\/.]+\.(?:yaml|sql|json)/
            paths.formUnion(text.matches(of: pattern).map { String($0.output) })
        }
        #expect(paths.contains("schema/tables/memories.yaml"))
        // Illustrations, not files: the example error's `schema/a.yaml`, the workflow's next
        // revision, the tour's project in /tmp/shop.
        let illustrations = ["schema/a.yaml", "out/0004_add_importance", "schema/tables/orders.yaml", "out/0002_add_note"]
        for path in paths where !illustrations.contains(where: path.hasPrefix) {
            let url = ExampleBundleTests.repositoryRoot.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "the docs name \(path), which does not exist")
        }
    }

    /// Every relative link of the README and the docs pages leads to a file that exists.
    @Test func linksLeadToFiles() throws {
        let root = ExampleBundleTests.repositoryRoot
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for page in ["README.md"] + docs {
            let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            let base = root.appendingPathComponent(page).deletingLastPathComponent()
            for match in text.matches(of: /\]\(([^)\s#]+)(?:#[^)]*)?\)/) {
                let target = String(match.output.1)
                guard !target.contains("://") else { continue }
                #expect(
                    FileManager.default.fileExists(atPath: base.appendingPathComponent(target).path),
                    "\(page) links \(target), which does not exist")
            }
        }
        let readme = try Self.readme
        #expect(readme.split(separator: "\n").count <= 300, "the README is the front door: at most about 300 lines")
    }

    /// Each row of the command table: every `--flag` it shows is in that command's help, and every
    /// flag the help lists (but `--help`, `--version` and hidden ones) is in the row.
    @Test func commandTableMatchesEachCommandsHelp() throws {
        let strata = try StrataRunner()
        let rows = try Self.readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var seen: Set<String> = []
        for row in rows {
            let cell = row.dropFirst(3).prefix { $0 != "`" }
            let words = cell.split(separator: " ")
            guard let command = words.first.map(String.init),
                ["compile", "check", "diff", "verify", "rehash", "history", "apply", "status", "drift", "stamp",
                 "bundle", "init"].contains(command)
            else { continue }
            seen.insert(command)
            let shown = Set(cell.matches(of: /(?:^|[\s\[])(--?[a-z][a-z-]*)/).map { String($0.output.1) })
            let help = try strata.run("help", command).stdout
            // `  -o, --out <out-dir>` or `  --url <URL>`: a flag is shown when either spelling is.
            let options = help.matches(of: /(?m)^\s+(?:(-[a-zA-Z]), )?(--[a-z-]+)/)
                .map { (short: $0.output.1.map(String.init), long: String($0.output.2)) }
                .filter { $0.long != "--help" && $0.long != "--version" }
            let missing = options.filter { !shown.contains($0.long) && !shown.contains($0.short ?? $0.long) }
            #expect(missing.isEmpty, "\(command): the README's row lacks \(missing.map(\.long))")
            let known = Set(options.flatMap { [$0.long] + ($0.short.map { [$0] } ?? []) })
            #expect(shown.subtracting(known).isEmpty, "\(command): README shows \(shown.subtracting(known)), not in the CLI")
        }
        #expect(seen.count == 12, "commands with a row: \(seen.sorted())")
        let globals = try #require(rows.first { $0.contains("--version") })
        #expect(globals.contains("--generate-completion-script"))
    }
}

/// The offline commands' `--format json` objects have exactly the README's keys, in its order.
@Suite struct ReadmeJSONShapeTests {
    @Test func historyVerifyCheckAndDiffPrintTheDocumentedKeys() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        for command in ["check", "diff"] {
            let output = try strata.run(command, "schema", "-o", "out", "--format", "json").stdout
            #expect(ReadmeJSONShapes.topLevelKeys(ofOutput: output) == (try ReadmeJSONShapes.topLevelKeys(of: command)))
        }
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        for command in ["history", "verify"] {
            let output = try strata.run(command, "out", "--format", "json").stdout
            #expect(ReadmeJSONShapes.topLevelKeys(ofOutput: output) == (try ReadmeJSONShapes.topLevelKeys(of: command)))
        }
        // An error before the result: the documented error object.
        let failed = try strata.run("history", "nowhere", "--format", "json").stdout
        #expect(ReadmeJSONShapes.topLevelKeys(ofOutput: failed) == ["format_version", "command", "ok", "exit_code", "errors"])
    }
}
