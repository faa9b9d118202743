import Foundation
import StrataApply
import StrataBundle
import StrataCore

/// What `strata apply` prints: the plan and one line per finished step on stdout, server notices
/// on stderr, the SQL for `--dry-run`, and progress (revision, statement i of n, elapsed) on
/// stderr when stderr is a terminal or `--progress` is given: one rewritten line on a terminal,
/// plain lines about once a second otherwise. With `--format json`, stdout gets only the summary
/// object (`jsonSummary`), built from what this observer heard.
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
    let isJSON: Bool
    private let started = Date()
    /// What the applier planned (nil until it has read the version rows).
    private(set) var plan: ApplyPlan?
    private(set) var planFrom: String?
    private(set) var planTo: String?
    /// Steps committed, in order, with their time.
    private(set) var finished: [(step: ApplyStep, milliseconds: Int64)] = []
    private var dryRunLines: [String] = []
    private var stepLabel = ""
    private var stepStarted = Date()
    private var statementCount: Int?
    private var scriptBytes: Int?
    private var lastLine = Date.distantPast
    private var progressShown = false
    /// The last statement's progress text without the elapsed time, for the heartbeat's updates.
    private var statementText: String?
    /// The wait last shown (a line is printed again only when it changes).
    private var shownWait: SessionWait?
    /// `statementRunning` comes from the lock session's heartbeat thread: the progress state is
    /// shared with the applying thread under this lock.
    private let progressLock = NSLock()

    init(progress: ProgressStyle, isDryRun: Bool, isJSON: Bool = false) {
        self.progress = progress
        self.isDryRun = isDryRun
        self.isJSON = isJSON
    }

    /// A line of the human output on stdout (none with `--format json`).
    private func say(_ text: String) {
        if !isJSON { Online.printOut(text) }
    }

    var wantsStatementCounts: Bool { progress != .none }

    func waitingForLock(heldBy holder: LockHolder?) {
        Online.printErr("waiting for the apply lock, held by \(holder.map(\.description) ?? "another session")")
    }

    func planned(_ plan: ApplyPlan, current: String?, target: String?, resuming: String?) {
        self.plan = plan
        planFrom = current
        planTo = target
        if plan.isEmpty {
            say("Database is at \(current ?? "base")" + (resuming == nil ? "; nothing to do." : "; nothing to move."))
            return
        }
        let count = plan.steps.count
        say(
            "Database is at \(current ?? "base"); moving to \(target ?? "base"): \(count) revision"
                + (count == 1 ? "" : "s") + " to " + (plan.steps[0].direction == .up ? "apply." : "undo."))
    }

    func dryRun(_ line: String) {
        if isJSON { dryRunLines.append(line) } else { Online.printOut(line) }
    }

    func stepStarted(_ step: ApplyStep, number: Int, of total: Int, statementCount: Int?, scriptBytes: Int?) {
        progressLock.withLock {
            stepLabel = "[\(number)/\(total)] \(step.direction.rawValue) \(step.revision.id)"
            stepStarted = Date()
            self.statementCount = statementCount
            self.scriptBytes = scriptBytes
            statementText = nil
            lastLine = .distantPast
        }
    }

    func statementStarted(number: Int, line: Int, offset: Int) {
        guard progress != .none else { return }
        progressLock.withLock {
            // Empty while a revision left incomplete is resumed, before the first step.
            var text = (stepLabel.isEmpty ? "" : "\(stepLabel): ") + "statement \(number)"
            if let statementCount { text += " of \(statementCount)" }
            text += " (line \(line)"
            if statementCount == nil, let scriptBytes, scriptBytes > 0 {
                text += String(format: ", %.0f%% of the script", min(100, Double(offset) * 100 / Double(scriptBytes)))
            }
            statementText = text + ")"
            shownWait = nil
            let now = Date()
            guard now.timeIntervalSince(lastLine) >= (progress == .terminal ? 0.1 : 1) else { return }
            showProgress(at: now, wait: nil)
        }
    }

    /// A long statement: the progress line keeps its elapsed time moving and names what the
    /// statement waits for. Without progress, a wait is still said once (a silent hang is worse).
    func statementRunning(waitingFor wait: SessionWait?) {
        progressLock.withLock {
            let changed = wait != shownWait
            if progress == .none {
                if changed, let wait {
                    Online.printErr("note: " + (stepLabel.isEmpty ? "" : "\(stepLabel): ") + "the statement is \(wait)")
                }
                shownWait = wait
                return
            }
            let now = Date()
            // Plain lines only every 10 s while nothing changes: a long build must not flood a log.
            let interval = progress == .terminal ? 0.1 : (changed ? 0 : 10)
            guard now.timeIntervalSince(lastLine) >= interval else { return }
            shownWait = wait
            showProgress(at: now, wait: wait)
        }
    }

    /// Writes the progress line (call with `progressLock` held).
    private func showProgress(at now: Date, wait: SessionWait?) {
        guard let statementText else { return }
        lastLine = now
        var text = statementText + ", " + Self.seconds(now.timeIntervalSince(stepStarted))
        if let wait { text += "; " + wait.description }
        if progress == .terminal {
            Console.err("\r\u{1B}[2K" + text)
            progressShown = true
        } else {
            Online.printErr(text)
        }
    }

    func stepFinished(_ step: ApplyStep, milliseconds: Int64) {
        clearProgress()
        progressLock.withLock { statementText = nil }
        if isDryRun { return }
        finished.append((step, milliseconds))
        say("\(stepLabel) done in \(milliseconds) ms")
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

    /// On a terminal (stdin and stderr), lists what going down loses and asks; elsewhere refuses,
    /// and the error says to pass --allow-destructive.
    func confirmDataLoss(_ lines: [String]) -> Bool {
        guard isatty(STDIN_FILENO) == 1, Console.stderrIsTerminal else { return false }
        clearProgress()
        Console.err("Going down loses data:\n" + lines.map { "  \($0)\n" }.joined()
            + "Type yes to go on (anything else stops, nothing has run): ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }

    /// The `--format json` summary (README, "JSON output"). `failure` is nil on success.
    func jsonSummary(target: String, singleTransaction: Bool, failure: ApplyFailure?) -> [(String, JSONValue)] {
        let before = plan?.currentPosition
        var after: Int? = plan?.targetPosition
        var afterID: String? = planTo
        if let position = failure?.databasePosition {
            // Read from the version table when the run stopped: another apply may have moved it.
            after = position
            afterID = failure?.databaseRevision
        } else if failure != nil {
            // Each committed step moved the database; a single transaction rolls them all back.
            if singleTransaction || finished.isEmpty {
                after = before
                afterID = planFrom
            } else if let last = finished.last?.step {
                afterID = last.resultingRevision
                after = last.direction == .up ? last.revision.position : last.revision.position - 1
            }
        }
        if isDryRun { (after, afterID) = (before, planFrom) }
        let revisions: [JSONValue]
        if isDryRun {
            revisions = (plan?.steps ?? []).map { step -> JSONValue in
                .object([("id", .string(step.revision.id)), ("direction", .string(step.direction.rawValue)), ("execution_ms", .null)])
            }
        } else {
            revisions = finished.map { item -> JSONValue in
                .object([
                    ("id", .string(item.step.revision.id)), ("direction", .string(item.step.direction.rawValue)),
                    ("execution_ms", .int(Int(item.milliseconds))),
                ])
            }
        }
        var failureValue = JSONValue.null
        if let failure {
            let located = failure.location
            failureValue = .object([
                ("exit_code", .int(Int(failure.kind.exitCode))),
                ("message", .string(failure.message)),
                ("notes", .array(failure.notes.map { .string($0) })),
                ("file", .optional(located?.file)), ("line", .optional(located?.line)),
                ("column", .optional(located?.column)), ("sqlstate", .optional(failure.sqlState)),
            ])
        }
        return [
            ("ok", .bool(failure == nil)),
            ("target", .string(target)),
            ("dry_run", .bool(isDryRun)),
            ("direction", .optional(plan?.steps.first?.direction.rawValue)),
            ("before", .optional(planFrom)),
            ("position_before", .optional(before)),
            ("after", .optional(afterID)),
            ("position_after", .optional(after)),
            ("revisions", .array(revisions)),
            ("elapsed_ms", .int(Int(Date().timeIntervalSince(started) * 1000))),
            ("failure", failureValue),
            ("sql", isDryRun ? .string(dryRunLines.map { $0 + "\n" }.joined()) : .null),
        ]
    }

    /// Erases the terminal progress line before other output.
    func clearProgress() {
        progressLock.withLock {
            guard progressShown else { return }
            Console.err("\r\u{1B}[2K")
            progressShown = false
        }
    }

    static func seconds(_ interval: TimeInterval) -> String {
        String(format: "%.1fs", interval)
    }
}
