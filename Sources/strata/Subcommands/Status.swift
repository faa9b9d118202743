import ArgumentParser
import Foundation
import StrataApply
import StrataCore
import StrataBundle

/// `strata status OUT_DIR` (alias `current`): where the database stands against the bundle.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the database's current revision, the pending ones, and whether what is applied matches the bundle.",
        aliases: ["current"])

    @Argument(
        help: ArgumentHelp("The bundle directory written by compile (default: out_dir of strata.yaml).", valueName: "out-dir"),
        completion: .directory)
    var outDirArgument: String?

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Exit 1 when revisions are pending, the current one is incomplete, or the schema needs stamping.")
    var exitCode = false

    @OptionGroup var format: FormatOptions

    func validate() throws {
        _ = try ProjectLookup.directory(outDirArgument, \.outDirectory, missing: "give the bundle directory OUT_DIR")
    }

    var outDir: String { ProjectLookup.resolvedOutDirectory(outDirArgument) }

    func run() throws {
        let json = JSONOutput.begin("status", format)
        let context = try Online.openBundle(outDir, depth: .integrity)
        let connection = try Online.connect(self.connection)
        let report: StatusReport
        do { report = try StatusReport.read(context, on: connection) } catch { throw Online.exit(for: error) }
        let needsAttention = !report.pending.isEmpty || report.incomplete != nil || report.unrecorded != nil
        if json {
            JSONOutput.print(Self.json(report, context: context))
            if report.mismatch != nil { throw ExitCode(.badInput) }
            if exitCode && needsAttention { throw ExitCode(.differenceFound) }
            return
        }

        Online.printOut("Schema \(context.schema), version table \(report.versionTable)"
            + (report.versionTableExists ? "" : " (not created yet)"))
        if let current = report.current, let row = report.row(for: current) {
            let how = row.stamped ? "stamped" : "applied"
            Online.printOut("Current revision: \(current) (\(how) \(row.appliedAt) by \(row.appliedBy))")
        } else {
            Online.printOut("Current revision: base")
        }
        if let mismatch = report.mismatch {
            Console.error("what the database has applied does not match the bundle: \(mismatch)")
            throw ExitCode(.badInput)
        }
        if let unrecorded = report.unrecorded {
            Console.warning("\(unrecorded.summary); `strata apply` would fail on objects that already exist. "
                + unrecorded.advice(bundle: outDir.trimmingSlashes))
        }
        let applied = report.position ?? 0
        Online.printOut("Applied: \(applied) of \(context.chain.count); chain hashes and checksums match the bundle.")
        let stamped = report.rows.filter(\.stamped).map(\.revision)
        if !stamped.isEmpty {
            Online.printOut("Stamped (recorded by `strata stamp`, not run): \(stamped.joined(separator: ", "))")
        }
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
                // A short mark per line, said once below: the sentence on every line was noise.
                let mark = entry.transactional ? "" : "  [online]"
                let handWritten = context.bundle.chain.isHandWritten(entry) ? "  (\(ChainFile.handWrittenNote))" : ""
                Online.printOut("  \(entry.id)\(pad)  \(entry.message)\(mark)\(handWritten)")
            }
            if pending.contains(where: { !$0.transactional }) {
                Online.printOut("  [online]: " + HistoryListing.partlyOutsideTransaction)
            }
        }
        if exitCode && needsAttention { throw ExitCode(.differenceFound) }
    }

    /// The `--format json` members (docs/json-output.md).
    static func json(_ report: StatusReport, context: BundleContext) -> [(String, JSONValue)] {
        var current = JSONValue.null
        if let id = report.current, let row = report.row(for: id) {
            current = .object([
                ("id", .string(row.revision)), ("position", .int(row.position)),
                ("applied_at", .string(row.appliedAt)), ("applied_by", .string(row.appliedBy)),
                ("stamped", .bool(row.stamped)), ("complete", .bool(row.complete)),
            ])
        }
        let pending: [JSONValue] = report.pending.map { entry -> JSONValue in
            .object([
                ("id", .string(entry.id)), ("position", .int(entry.position)), ("message", .string(entry.message)),
                ("transactional", .bool(entry.transactional)), ("hazards", .strings(entry.hazards)),
                ("hazard_details", .hazardDetails(entry.hazards)),
            ])
        }
        var unrecorded = JSONValue.null
        if let found = report.unrecorded {
            unrecorded = .object([("count", .int(found.count)), ("objects", .strings(found.objects))])
        }
        return [
            ("ok", .bool(report.mismatch == nil)),
            ("schema", .string(context.schema)),
            ("version_table", .string(report.versionTable)),
            ("version_table_exists", .bool(report.versionTableExists)),
            ("current", current),
            ("applied", .int(report.position ?? report.rows.count)),
            ("revisions", .int(context.chain.count)),
            ("head", .optional(context.chain.last?.id)),
            ("mismatch", .optional(report.mismatch?.description)),
            ("stamped", .strings(report.rows.filter(\.stamped).map(\.revision))),
            ("incomplete", .optional(report.incomplete?.revision)),
            ("pending", .array(pending)),
            ("unrecorded_objects", unrecorded),
        ]
    }
}
