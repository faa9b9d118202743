import ArgumentParser
import Foundation
import StrataApply
import StrataCore
import StrataBundle
import StrataCore

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

    /// `[OUT_DIR] REV`: one argument is the revision, the bundle then being strata.yaml's out_dir.
    @Argument(
        help: ArgumentHelp(
            "[out-dir] rev: the bundle directory (default: out_dir of strata.yaml), then the revision to record: an id, a unique prefix, or head.",
            valueName: "out-dir> <rev"),
        completion: .directory)
    var positionals: [String] = []

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Record the revisions even when the live schema does not match the snapshot.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "How long to wait for a running apply, in seconds or 500ms/2s/1m (default: the environment's, else \(Int(ApplyRequest.defaultLockWait))).",
            valueName: "S"))
    var wait: DurationArgument?

    func validate() throws {
        guard (1...2).contains(positionals.count) else {
            throw ValidationError("give the revision to record: `strata stamp [OUT_DIR] REV`")
        }
        _ = try ProjectLookup.directory(
            positionals.count == 2 ? positionals[0] : nil, \.outDirectory, missing: "give the bundle directory OUT_DIR")
    }

    var outDir: String { ProjectLookup.resolvedOutDirectory(positionals.count == 2 ? positionals[0] : nil) }
    var revision: String { positionals[positionals.count - 1] }

    func run() throws {
        let context = try Online.openBundle(outDir)
        let resolved = try Online.resolve(self.connection)!
        let wait = self.wait?.seconds ?? resolved.choice.wait ?? ApplyRequest.defaultLockWait
        let connection = try Online.connect(resolved.settings)
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
