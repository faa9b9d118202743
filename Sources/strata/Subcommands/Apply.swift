import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

/// `strata apply OUT_DIR --to TARGET`: move the database along the chain (SPEC §6).
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move the database to a revision of the bundle, forward or back.",
        discussion: """
            TARGET is head, base, a revision id or unique prefix (0003), -N (N back) or +N (N forward).
            The bundle is verified first; each revision runs in its own transaction with its version row.
            """)

    @Argument(help: "The bundle directory written by compile.", completion: .directory)
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

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard lockTimeout >= 0, lockTimeout.isFinite else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() throws {
        let target: ApplyTarget
        do { target = try ApplyTarget(parsing: to) } catch {
            throw Online.exit(for: ApplyFailure(.badInput, error.description))
        }
        let context = try Online.openBundle(outDir)
        let request = ApplyRequest(
            target: target, dryRun: dryRun, singleTransaction: singleTransaction, lockTimeout: lockTimeout,
            lockWait: wait)
        let style: ApplyOutput.ProgressStyle
        if dryRun || !(Online.stdoutIsTerminal || output.progress) {
            style = .none
        } else {
            style = isatty(STDERR_FILENO) == 1 ? .terminal : .lines
        }
        let output = ApplyOutput(progress: style, isDryRun: dryRun)
        let connection = try Online.connect(self.connection)
        do {
            let outcome = try Applier(context: context, request: request, observer: output).run(on: connection)
            output.clearProgress()
            if !outcome.dryRun && !outcome.plan.isEmpty {
                Online.printOut("Database is now at \(outcome.to ?? "base").")
            }
        } catch {
            output.clearProgress()
            throw Online.exit(for: error)
        }
    }
}
