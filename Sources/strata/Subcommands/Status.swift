import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

/// `strata status OUT_DIR` (alias `current`): where the database stands against the bundle.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the database's current revision, the pending ones, and whether what is applied matches the bundle.",
        aliases: ["current"])

    @Argument(help: "The bundle directory written by compile.", completion: .directory)
    var outDir: String

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Exit 1 when revisions are pending or the current one is incomplete.")
    var exitCode = false

    func run() throws {
        let context = try Online.openBundle(outDir)
        let connection = try Online.connect(self.connection)
        let report: StatusReport
        do { report = try StatusReport.read(context, on: connection) } catch { throw Online.exit(for: error) }

        Online.printOut("Schema \(context.schema), version table \(report.versionTable)"
            + (report.versionTableExists ? "" : " (not created yet)"))
        if let current = report.current, let row = report.row(for: current) {
            Online.printOut("Current revision: \(current) (applied \(row.appliedAt) by \(row.appliedBy))")
        } else {
            Online.printOut("Current revision: base")
        }
        if let mismatch = report.mismatch {
            Console.error("what the database has applied does not match the bundle: \(mismatch)")
            throw ExitCode(.badInput)
        }
        let applied = report.position ?? 0
        Online.printOut("Applied: \(applied) of \(context.chain.count); chain hashes and checksums match the bundle.")
        let incomplete = report.incomplete
        if let incomplete {
            Online.printOut(
                "Incomplete: \(incomplete.revision) is recorded, but the online steps that run after its "
                    + "transaction (its suffix: concurrent index builds, validations) did not finish. Fix what made "
                    + "them fail (for a unique index: the duplicate rows; for a validation: the violating rows), then "
                    + "run `strata apply`: it resumes them first.")
        }
        let pending = report.pending
        if pending.isEmpty {
            Online.printOut("Pending: none (at head)")
        } else {
            Online.printOut("Pending: \(pending.count)")
            let width = pending.map(\.id.count).max() ?? 0
            for entry in pending {
                let pad = String(repeating: " ", count: width - entry.id.count)
                let flags = entry.transactional ? "" : "  [non-transactional]"
                Online.printOut("  \(entry.id)\(pad)  \(entry.message)\(flags)")
            }
        }
        if exitCode && (!pending.isEmpty || incomplete != nil) { throw ExitCode(.differenceFound) }
    }
}
