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

    func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?) {
        stepLabel = "[\(number)/\(total)] \(step.direction.rawValue) \(step.revision.id)"
        stepStarted = Date()
        self.statementCount = statementCount
        lastLine = .distantPast
    }

    func statementStarted(number: Int, line: Int) {
        guard progress != .none else { return }
        let now = Date()
        let of = statementCount.map { " of \($0)" } ?? ""
        let text = "\(stepLabel): statement \(number)\(of) (line \(line)), \(Self.seconds(now.timeIntervalSince(stepStarted)))"
        switch progress {
        case .none: return
        case .terminal:
            guard now.timeIntervalSince(lastLine) >= 0.1 else { return }
            Console.err("\r\u{1B}[2K" + text)
            progressShown = true
        case .lines:
            guard now.timeIntervalSince(lastLine) >= 1 else { return }
            Online.printErr(text)
        }
        lastLine = now
    }

    func stepFinished(_ step: ApplyStep, milliseconds: Int64) {
        clearProgress()
        if isDryRun { return }
        Online.printOut("\(stepLabel) done in \(milliseconds) ms")
    }

    func notice(_ notice: Notice, file: String?) {
        clearProgress()
        Online.printErr((file.map { "\($0): " } ?? "") + notice.description)
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
