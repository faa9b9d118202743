import ArgumentParser
import Foundation
import StrataApply
import StrataCore
import StrataBundle

/// `strata drift OUT_DIR`: compare the live managed schema with the snapshot of the revision the
/// database is at; exit 1 when anything differs.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the live managed schema with the snapshot of the revision the database is at.")

    @Argument(
        help: ArgumentHelp("The bundle directory written by compile (default: out_dir of strata.yaml).", valueName: "out-dir"),
        completion: .directory)
    var outDirArgument: String?

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .customLong("probe-url"),
        help: ArgumentHelp(
            "A writable PostgreSQL server of the same major version that reprints the declared expressions, for a "
                + "read-only database or a hot standby (nothing is kept there).",
            valueName: "URL"))
    var probeURL: String?

    @OptionGroup var format: FormatOptions

    func validate() throws {
        _ = try ProjectLookup.directory(outDirArgument, \.outDirectory, missing: "give the bundle directory OUT_DIR")
    }

    var outDir: String { ProjectLookup.resolvedOutDirectory(outDirArgument) }

    func run() throws {
        let json = JSONOutput.begin("drift", format)
        let context = try Online.openBundle(outDir, depth: .integrity)
        let connection = try Online.connect(self.connection)
        let probe = try probeURL.map { url throws(ExitCode) in try Online.connect(ConnectionSettings(url: url)) }
        var report: DriftReport
        let nothingApplied: Bool
        do {
            let (rows, position) = try context.appliedState(on: connection)
            if let probe {
                report = try DriftReport.check(context, position: position, on: connection, probe: probe)
            } else {
                report = try DriftReport.check(context, position: position, on: connection)
            }
            // A database no revision reached lacks the schema the base snapshot names: that is
            // "nothing applied yet", not drift.
            nothingApplied = rows.isEmpty && report.lines == ["missing schema \(context.schema)"]
        } catch {
            throw Online.exit(for: error)
        }
        if nothingApplied { report.differences = [] }
        let at = report.revision ?? "base"
        for table in report.unresolved {
            Online.printErr("note: expressions of \(table) compared as written (the server could not reprint them)")
        }
        if json {
            JSONOutput.print([
                ("schema", .string(context.schema)),
                ("revision", .optional(report.revision)),
                ("drift", .bool(report.hasDrift)),
                ("differences", .strings(report.lines)),
                ("compared_as_written", .strings(report.unresolved)),
            ])
            if report.hasDrift { throw ExitCode(.differenceFound) }
            return
        }
        if nothingApplied {
            Online.printOut(
                "Nothing is applied yet: schema \(context.schema) does not exist and no revision is recorded; "
                    + "`strata apply --to head` creates it.")
            return
        }
        guard report.hasDrift else {
            Online.printOut("No drift: schema \(context.schema) matches the snapshot of \(at).")
            return
        }
        let count = report.lines.count
        Online.printOut("Drift: schema \(context.schema) differs from the snapshot of \(at) in \(count) place"
            + (count == 1 ? "" : "s") + " (declared vs live):")
        for line in report.lines { Online.printOut("  " + line) }
        throw ExitCode(.differenceFound)
    }
}
