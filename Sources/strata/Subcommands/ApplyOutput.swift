import Foundation
import StrataApply
import StrataBundle

/// What `strata apply` prints: the plan and one line per finished step on stdout, server notices
/// on stderr, the SQL for `--dry-run`, and progress (revision, statement i of n, elapsed) on
/// stderr when stdout is a terminal or `--progress` is given: one rewritten line on a terminal,
/// plain lines about once a second otherwise.
final class ApplyOutput: ApplyObserver {
    enum ProgressStyle {
        case none
        /// Rewrites one line on the terminal.
        case terminal
        /// Plain lines, at most about one a second, for logs.
        case lines
    }

    let progress: ProgressStyle
    let isDryRun: Bool
    private var stepLabel = ""
    private var stepStarted = Date()
    private var statementCount: Int?
    private var scriptBytes: Int?
    private var lastLine = Date.distantPast
    private var progressShown = false

    init(progress: ProgressStyle, isDryRun: Bool) {
        self.progress = progress
        self.isDryRun = isDryRun
    }

    var wantsStatementCounts: Bool { progress != .none }

    func waitingForLock(heldBy holder: LockHolder?) {
        Online.printErr("waiting for the apply lock, held by \(holder.map(\.description) ?? "another session")")
    }

    func planned(_ plan: ApplyPlan, current: String?, target: String?) {
        if plan.isEmpty {
            Online.printOut("Database is at \(current ?? "base"); nothing to do.")
            return
        }
        let count = plan.steps.count
        Online.printOut(
            "Database is at \(current ?? "base"); moving to \(target ?? "base"): \(count) revision"
                + (count == 1 ? "" : "s") + " to " + (plan.steps[0].direction == .up ? "apply." : "undo."))
    }

    func dryRun(_ line: String) { Online.printOut(line) }

    func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?, scriptBytes: Int?) {
        stepLabel = "[\(number)/\(total)] \(step.direction.rawValue) \(step.revision.id)"
        stepStarted = Date()
        self.statementCount = statementCount
        self.scriptBytes = scriptBytes
        lastLine = .distantPast
    }

    func statementStarted(number: Int, line: Int, offset: Int) {
        guard progress != .none else { return }
        let now = Date()
        let interval = progress == .terminal ? 0.1 : 1
        guard now.timeIntervalSince(lastLine) >= interval else { return }
        lastLine = now
        var text = "\(stepLabel): statement \(number)"
        if let statementCount { text += " of \(statementCount)" }
        text += " (line \(line)"
        if statementCount == nil, let scriptBytes, scriptBytes > 0 {
            text += String(format: ", %.0f%% of the script", min(100, Double(offset) * 100 / Double(scriptBytes)))
        }
        text += "), " + Self.seconds(now.timeIntervalSince(stepStarted))
        if progress == .terminal {
            Console.err("\r\u{1B}[2K" + text)
            progressShown = true
        } else {
            Online.printErr(text)
        }
    }

    func stepFinished(_ step: ApplyStep, milliseconds: Int64) {
        clearProgress()
        if isDryRun { return }
        Online.printOut("\(stepLabel) done in \(milliseconds) ms")
    }

    /// `file:line: NOTICE: ...`, as psql prints a script's notices.
    func notice(_ notice: Notice, file: String?, line: Int?) {
        clearProgress()
        let location = file.map { file in line.map { "\(file):\($0): " } ?? "\(file): " } ?? ""
        Online.printErr(location + notice.description)
    }

    func cleanedUp(_ message: String) {
        clearProgress()
        Online.printErr("note: " + message)
    }

    /// Erases the terminal progress line before other output.
    func clearProgress() {
        guard progressShown else { return }
        Console.err("\r\u{1B}[2K")
        progressShown = false
    }

    static func seconds(_ interval: TimeInterval) -> String {
        String(format: "%.1fs", interval)
    }
}
