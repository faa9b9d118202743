import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

/// `strata apply OUT_DIR --to TARGET`: move the database along the chain (SPEC §6).
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move the database to a revision of the bundle, forward or back.",
        discussion: """
            TARGET is head, base, a revision id or unique prefix (0003), -N (N back) or +N (N forward). \
            The bundle is verified first; each revision runs in its own transaction with its version row. \
            Going down over revisions whose down scripts lose data lists what will be lost and needs \
            --allow-destructive (on a terminal, apply asks instead). Ctrl-C cancels the running statement \
            on the server, rolls back what is open and exits 130 (a second Ctrl-C quits at once).
            """)

    @Argument(help: ArgumentHelp("The bundle directory written by compile.", valueName: "out-dir"), completion: .directory)
    var outDir: String

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Where to move: head, base, a revision id or prefix, -N or +N.", valueName: "TARGET"))
    var to: String

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the plan and the SQL in order, with the bookkeeping; run nothing (only the lock is taken).")
    var dryRun = false

    @Flag(help: "Wrap the whole move in one transaction (refused if a statement must run outside one).")
    var singleTransaction = false

    @Option(help: ArgumentHelp("lock_timeout for every statement, in seconds (0: wait forever).", valueName: "S"))
    var lockTimeout: Double = ApplyRequest.defaultLockTimeout

    @Option(help: ArgumentHelp("How long to wait for another apply to finish, in seconds (0: fail at once).", valueName: "S"))
    var wait: Double = ApplyRequest.defaultLockWait

    @Flag(help: "Go down over revisions whose down scripts lose data (drop what the up script added) without asking.")
    var allowDestructive = false

    @OptionGroup var output: OutputOptions

    @OptionGroup var format: FormatOptions

    func validate() throws {
        guard lockTimeout >= 0, lockTimeout.isFinite else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() throws {
        let json = JSONOutput.begin("apply", format)
        let style: ApplyOutput.ProgressStyle
        if dryRun || !(Console.stderrIsTerminal || output.progress) {
            style = .none
        } else {
            style = Console.stderrIsTerminal ? .terminal : .lines
        }
        let observer = ApplyOutput(progress: style, isDryRun: dryRun, isJSON: json)
        do {
            let interruption = ApplyInterruption()
            let outcome = try InterruptHandler.whileRunning(cancelling: interruption) { () throws(ApplyFailure) in
                try move(observer: observer, interruption: interruption)
            }
            observer.clearProgress()
            if json {
                JSONOutput.print(observer.jsonSummary(target: to, singleTransaction: singleTransaction, failure: nil))
            } else if !outcome.dryRun && !outcome.plan.isEmpty {
                Online.printOut("Database is now at \(outcome.to ?? "base").")
            }
        } catch {
            let failure = error
            observer.clearProgress()
            let code = Online.exit(for: failure)
            if json {
                JSONOutput.print(observer.jsonSummary(target: to, singleTransaction: singleTransaction, failure: failure))
            }
            throw code
        }
    }

    /// Parses TARGET, opens the bundle, connects and runs the applier; every refusal as an ApplyFailure.
    private func move(observer: ApplyOutput, interruption: ApplyInterruption) throws(ApplyFailure) -> ApplyOutcome {
        let target: ApplyTarget
        do { target = try ApplyTarget(parsing: to) } catch { throw ApplyFailure(.badInput, error.description) }
        let context = try BundleContext.open(at: URL(fileURLWithPath: outDir))
        let request = ApplyRequest(
            target: target, dryRun: dryRun, singleTransaction: singleTransaction, lockTimeout: lockTimeout,
            lockWait: wait, allowDestructive: allowDestructive, interruption: interruption)
        let settings = self.connection.settings
        let connection: Connection
        do { connection = try Connection(settings: settings) } catch {
            // The error already names the (password-free) target: "could not connect to ...".
            throw ApplyFailure(.database, settings.scrub(error.message))
        }
        return try Applier(context: context, request: request, observer: observer).run(on: connection)
    }
}
