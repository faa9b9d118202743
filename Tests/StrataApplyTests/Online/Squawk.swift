import Foundation
import Testing

@testable import StrataBundle
import StrataTestSupport

/// The PostgreSQL migration linter squawk (PyPI `squawk-cli`, installed by scripts/ensure-squawk.sh,
/// which scripts/test.sh runs and exports as `STRATA_TEST_SQUAWK`) over generated up scripts.
///
/// A script is linted as apply runs it: its prefix, its body and its suffix as separate files,
/// each with `--assume-in-transaction --pg-version 18`. Linted whole, squawk would take the
/// suffix's `VALIDATE CONSTRAINT` to share the body's transaction with its `ADD ... NOT VALID`,
/// which it does not: the body commits first. Every suffix statement runs alone too, so the
/// suffix is cut after each `ADD ... NOT VALID` it holds (a key waiting for an index built
/// there); it is otherwise kept whole, so squawk sees the validated check that makes `SET NOT
/// NULL` scan-free. Statements keep their line numbers (the other parts' lines are blank), so a
/// finding points into the real file.
enum Squawk {
    /// The findings that mean a statement blocks writes on an existing table for a scan or build.
    static let blockingRules: Set<String> = [
        "require-concurrent-index-creation", "require-concurrent-index-deletion", "adding-foreign-key-constraint",
        "constraint-missing-not-valid", "adding-not-nullable-field", "setting-not-nullable-field",
        "disallowed-unique-constraint",
    ]

    static var executable: String? {
        guard let path = ProcessInfo.processInfo.environment["STRATA_TEST_SQUAWK"], !path.isEmpty else { return nil }
        return path
    }

    /// Tests that lint carry this trait: skipped without squawk, unless the suite must run whole
    /// (`STRATA_TEST_REQUIRE_DB=1`, as scripts/test.sh sets), where a missing squawk fails them.
    static var available: Bool {
        executable != nil || ProcessInfo.processInfo.environment["STRATA_TEST_REQUIRE_DB"] == "1"
    }

    struct Finding: Hashable, CustomStringConvertible {
        var file: String
        /// 1-based line in the script.
        var line: Int
        var rule: String
        var message: String

        var description: String { "\(file):\(line): \(rule): \(message)" }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "STRATA_TEST_SQUAWK is not set: run the tests through scripts/test.sh" }
    }

    /// The blocking findings in `script` (named `name` in the findings).
    static func blockingFindings(inUpScript script: String, name: String) throws -> [Finding] {
        try findings(inUpScript: script, name: name).filter { blockingRules.contains($0.rule) || $0.rule == "syntax-error" }
    }

    static func findings(inUpScript script: String, name: String) throws -> [Finding] {
        guard let executable else { throw Missing() }
        let events = try StatementSplitter.split(script)
        let shape = ScriptShape(events)
        let lineCount = script.split(separator: "\n", omittingEmptySubsequences: false).count
        var parts: [Int: [String]] = [:]
        var number = 0
        var suffixPiece = 2
        for case .statement(let statement) in events {
            number += 1
            let piece: Int
            switch shape.phase(ofStatement: number) {
            case .prefix: piece = 0
            case .body: piece = 1
            case .suffix: piece = suffixPiece
            }
            if parts[piece] == nil { parts[piece] = Array(repeating: "", count: lineCount + 1) }
            let lines = (statement.text + ";").split(separator: "\n", omittingEmptySubsequences: false)
            for (offset, line) in lines.enumerated() {
                let index = statement.startLine - 1 + offset
                if index < parts[piece]!.count { parts[piece]![index] = String(line) }
            }
            if piece >= 2, statement.text.uppercased().contains("NOT VALID") { suffixPiece += 1 }
        }
        let directory = try Scratch.directory("squawk")
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String: Int] = [:]
        for (piece, lines) in parts where lines.contains(where: { !$0.isEmpty }) {
            let url = directory.appendingPathComponent("part\(piece).sql")
            try Data(lines.joined(separator: "\n").utf8).write(to: url)
            files[url.path] = piece
        }
        guard !files.isEmpty else { return [] }
        let run = try ProcessCapture.run(
            URL(fileURLWithPath: executable),
            ["--assume-in-transaction", "--pg-version", "18", "--reporter", "gcc"] + files.keys.sorted())
        let output = run.stdout
        // gcc reporter: `path:line:column: warning: rule message`, lines counted from 0.
        var result: [Finding] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, files[String(fields[0])] != nil, let row = Int(fields[1]) else { continue }
            let rest = fields[4].drop(while: { $0 == " " })
            let words = rest.split(separator: " ", maxSplits: 1)
            guard let rule = words.first else { continue }
            result.append(
                Finding(file: name, line: row + 1, rule: String(rule), message: words.count > 1 ? String(words[1]) : ""))
        }
        if run.status != 0 && result.isEmpty {
            throw SquawkFailed(status: run.status, output: output)
        }
        return result
    }

    struct SquawkFailed: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "squawk exited \(status) without findings:\n\(output)" }
    }
}
