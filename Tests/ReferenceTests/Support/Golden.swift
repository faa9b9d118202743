import Foundation
import Testing

/// Golden-file comparison: `actual` must equal the file at `path` byte for byte.
///
/// With `STRATA_RECORD=1` in the environment the file is (re)written instead and the check
/// passes, so one run records every golden file. On a mismatch the failure shows a line diff
/// (`-` expected, `+` actual) rather than two walls of text.
enum Golden {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["STRATA_RECORD"] == "1" }

    static func check(_ actual: String, against path: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if isRecording {
            do {
                try FileManager.default.createDirectory(
                    at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: path)
            } catch {
                Issue.record("cannot record \(path.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path.path) else {
            Issue.record(
                "no golden file at \(path.path); run with STRATA_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let message =
                "\(path.lastPathComponent) differs (- expected, + actual; STRATA_RECORD=1 re-records):\n"
                + lineDiff(expected: expected, actual: actual)
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// A line diff from the longest common subsequence, with two lines of context around changes.
    static func lineDiff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [(mark: Character, text: String)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append((" ", old[i]))
                i += 1
                j += 1
            } else if j < new.count, i == old.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                lines.append(("+", new[j]))
                j += 1
            } else {
                lines.append(("-", old[i]))
                i += 1
            }
        }
        let changed = lines.indices.filter { lines[$0].mark != " " }
        let shown = Set(changed.flatMap { max(0, $0 - 2)...min(lines.count - 1, $0 + 2) })
        var output: [String] = []
        var previous = -1
        for index in lines.indices where shown.contains(index) {
            if previous >= 0, index != previous + 1 { output.append("  ...") }
            output.append("\(lines[index].mark) \(lines[index].text)")
            previous = index
        }
        return output.joined(separator: "\n")
    }
}
