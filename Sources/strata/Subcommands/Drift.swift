import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

/// `strata drift OUT_DIR`: compare the live managed schema with the snapshot of the revision the
/// database is at; exit 1 when anything differs.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the live managed schema with the snapshot of the revision the database is at.")

    @Argument(help: ArgumentHelp("The bundle directory written by compile.", valueName: "out-dir"), completion: .directory)
    var outDir: String

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .customLong("probe-url"),
        help: ArgumentHelp(
            "A writable PostgreSQL server of the same major version that reprints the declared expressions, for a "
                + "read-only database or a hot standby (nothing is kept there).",
            valueName: "URL"))
    var probeURL: String?

    @OptionGroup var format: FormatOptions

    func run() throws {
        let json = JSONOutput.begin("drift", format)
        let context = try Online.openBundle(outDir)
        let connection = try Online.connect(self.connection)
        let probe = try probeURL.map { url throws(ExitCode) in try Online.connect(ConnectionOptions(url: url)) }
        let report: DriftReport
        do {
            let (_, position) = try context.appliedState(on: connection)
            if let probe {
                report = try DriftReport.check(context, position: position, on: connection, probe: probe)
            } else {
                report = try DriftReport.check(context, position: position, on: connection)
            }
        } catch {
            throw Online.exit(for: error)
        }
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
