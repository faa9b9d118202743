import ArgumentParser
import Foundation
import StrataApply
import StrataBundle
import StrataCore

/// Shared plumbing of the online subcommands: printing, exit codes, connecting.
enum Online {
    static func printOut(_ text: String) { Console.line(text) }

    static func printErr(_ text: String) { Console.err(text + "\n") }

    /// Prints the failure to stderr and returns the exit code SPEC §2 gives it. A failure located
    /// in a script is rendered like a compile error: location, the line with a caret, the notes.
    static func exit(for failure: ApplyFailure) -> ExitCode {
        if let location = failure.location {
            JSONOutput.record(errors: [failure.description])
            Console.err(
                renderDiagnostics(
                    [failure.diagnostic], sources: sourceForSnippet(location.file), color: Console.stderrSupportsColor))
        } else {
            Console.error(failure.message)
        }
        return ExitCode(failure.kind.exitCode)
    }

    /// The script's bytes for the caret snippet, when it is small enough to read whole (a data
    /// revision may be gigabytes: then the location alone).
    static func sourceForSnippet(_ path: String) -> [String: [UInt8]] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]).flatMap { $0 as? Int } ?? .max
        guard size <= 16 << 20, let data = FileManager.default.contents(atPath: path) else { return [:] }
        return [path: Array(data)]
    }

    /// Verifies and reads the bundle at `path` (`depth` as `BundleContext.open`); a bundle that
    /// fails verification is exit 2, before any connection is made.
    static func openBundle(_ path: String, depth: VerificationDepth = .full) throws(ExitCode) -> BundleContext {
        do { return try BundleContext.open(at: URL(fileURLWithPath: path), depth: depth) } catch { throw exit(for: error) }
    }

    /// Connects, or reports the (password-free) connection error as exit 3.
    static func connect(_ options: ConnectionOptions) throws(ExitCode) -> Connection {
        try connect(resolve(options)!.settings)
    }

    /// The database the options choose; exit 2 with how to give one when they choose none.
    static func resolve(_ options: ConnectionOptions, requireDatabase: Bool = true) throws(ExitCode) -> ResolvedConnection? {
        do { return try options.resolve(requireDatabase: requireDatabase) } catch {
            if let message = error.message { Console.error(message) }
            throw ExitCode(.badInput)
        }
    }

    static func connect(_ settings: ConnectionSettings) throws(ExitCode) -> Connection {
        do {
            return try Connection(settings: settings)
        } catch {
            // The error already names the (password-free) target: "could not connect to ...".
            Console.error(settings.scrub(error.message))
            throw ExitCode(.databaseError)
        }
    }

    /// The version rows of the database at `url` for `history --url`, by revision id. A database
    /// whose rows do not fit the bundle is an error (exit 2), as in `status`.
    static func appliedMarks(
        _ context: BundleContext, settings: ConnectionSettings
    ) throws -> [String: HistoryListing.AppliedMark] {
        let connection = try connect(settings)
        let report: StatusReport
        do { report = try StatusReport.read(context, on: connection) } catch { throw exit(for: error) }
        if let mismatch = report.mismatch {
            throw exit(for: ApplyFailure(.badInput, "what the database has applied does not match the bundle: \(mismatch)"))
        }
        var marks: [String: HistoryListing.AppliedMark] = [:]
        for row in report.rows {
            marks[row.revision] = HistoryListing.AppliedMark(
                appliedAt: row.appliedAt, appliedBy: row.appliedBy, executionMS: row.executionMS,
                complete: row.complete, stamped: row.stamped)
        }
        return marks
    }
}
