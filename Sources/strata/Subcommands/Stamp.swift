import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

/// `strata stamp OUT_DIR REV`: adopt an existing database by recording REV and its ancestors as
/// applied, without running them.
struct Stamp: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a revision and its ancestors as applied without running them (adopt an existing database).",
        discussion: """
            Refuses (exit 1) when drift shows the live schema differs from the revision's snapshot, listing \
            every difference; --force records it anyway. The rows are marked stamped (history and status \
            show it), and hand-written revisions it records were not run: run their SQL yourself if needed.
            """)

    @Argument(help: ArgumentHelp("The bundle directory written by compile.", valueName: "out-dir"), completion: .directory)
    var outDir: String

    @Argument(help: "The revision to record: an id, a unique prefix, or head.")
    var revision: String

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Record the revisions even when the live schema does not match the snapshot.")
    var force = false

    @Option(help: ArgumentHelp("How long to wait for a running apply, in seconds.", valueName: "S"))
    var wait: Double = ApplyRequest.defaultLockWait

    func run() throws {
        let context = try Online.openBundle(outDir)
        let connection = try Online.connect(self.connection)
        let result: Result<Stamper.Outcome, Stamper.DriftRefusal>
        do {
            result = try Stamper(context: context, reference: revision, force: force, lockWait: wait).run(on: connection)
        } catch {
            throw Online.exit(for: error)
        }
        switch result {
        case .failure(let refusal):
            Console.error(
                "the database does not match the snapshot of \(refusal.revision); nothing was recorded. "
                    + "Differences (declared vs live):")
            for line in refusal.lines { Online.printErr("  " + line) }
            Online.printErr("Make the schema match (or apply from an earlier revision), or stamp with --force.")
            throw ExitCode(.differenceFound)
        case .success(let outcome):
            if outcome.recorded.isEmpty {
                Online.printOut("The database is already at \(revision); nothing recorded.")
                return
            }
            for line in outcome.overriddenDrift { Online.printErr("warning: drift overridden by --force: \(line)") }
            for entry in outcome.recorded { Online.printOut("recorded \(entry.id) as applied (stamped, not run)") }
            for entry in outcome.handWritten {
                Console.warning(
                    "\(entry.id) (\(entry.message)) is hand-written: it changes no declared schema, so drift cannot "
                        + "tell whether its SQL (a backfill, seed rows) ever ran here, and stamp did not run it. Run it "
                        + "yourself if the database needs it: \(outDir.trimmingSlashes)/\(entry.up.file)")
            }
            Online.printOut("The database is now at \(outcome.recorded.last!.id).")
        }
    }
}
