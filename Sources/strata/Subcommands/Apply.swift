import ArgumentParser
import Foundation
import StrataApply
import StrataBundle
import StrataCore

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

    @Argument(
        help: ArgumentHelp("The bundle directory written by compile (default: out_dir of strata.yaml).", valueName: "out-dir"),
        completion: .directory)
    var outDirArgument: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Where to move: head, base, a revision id or prefix, -N or +N.", valueName: "TARGET"))
    var to: String

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the plan and the SQL in order, with the bookkeeping; run nothing (only the lock is taken).")
    var dryRun = false

    @Flag(help: "Wrap the whole move in one transaction (refused if a statement must run outside one).")
    var singleTransaction = false

    @Option(
        help: ArgumentHelp(
            "lock_timeout for every statement, in seconds or 500ms/2s/1m (0: wait forever; default: the environment's, else \(Int(ApplyRequest.defaultLockTimeout))).",
            valueName: "S"))
    var lockTimeout: DurationArgument?

    @Option(
        help: ArgumentHelp(
            "How long to wait for another apply to finish, in seconds or 500ms/2s/1m (0: fail at once; default: the environment's, else \(Int(ApplyRequest.defaultLockWait))).",
            valueName: "S"))
    var wait: DurationArgument?

    @Flag(help: "Go down over revisions whose down scripts lose data (drop what the up script added) without asking.")
    var allowDestructive = false

    @OptionGroup var output: OutputOptions

    @OptionGroup var format: FormatOptions

    func validate() throws {
        _ = try ProjectLookup.directory(outDirArgument, \.outDirectory, missing: "give the bundle directory OUT_DIR")
    }

    var outDir: String { ProjectLookup.resolvedOutDirectory(outDirArgument) }

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
        // A revision the bundle does not have is a typo, told before any database is chosen.
        if case .revision(let reference) = target {
            do { _ = try resolveRevisionID(reference, in: context.chain) } catch { throw ApplyFailure(.badInput, error.description) }
        }
        let resolved: ResolvedConnection
        do { resolved = try self.connection.resolve()! } catch {
            // strata.yaml's own errors are already printed, located.
            throw ApplyFailure(.badInput, error.message ?? "\(ProjectFile.fileName) has errors")
        }
        let request = ApplyRequest(
            target: target, dryRun: dryRun, singleTransaction: singleTransaction,
            lockTimeout: lockTimeout?.seconds ?? resolved.choice.lockTimeout ?? ApplyRequest.defaultLockTimeout,
            lockWait: wait?.seconds ?? resolved.choice.wait ?? ApplyRequest.defaultLockWait,
            allowDestructive: allowDestructive, interruption: interruption)
        let settings = resolved.settings
        let connection: Connection
        do { connection = try Connection(settings: settings) } catch {
            // The error already names the (password-free) target: "could not connect to ...".
            throw ApplyFailure(.database, settings.scrub(error.message))
        }
        return try Applier(context: context, request: request, observer: observer).run(on: connection)
    }
}
