import ArgumentParser
import Foundation
import StrataApply

/// Shared plumbing of the online subcommands: printing, exit codes, connecting.
enum Online {
    static func printOut(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func printErr(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints the failure to stderr and returns the exit code SPEC §2 gives it.
    static func exit(for failure: ApplyFailure) -> ExitCode {
        printErr(failure.hasLocation ? failure.message : "error: " + failure.message)
        return ExitCode(failure.kind == .badInput ? .badInput : .databaseError)
    }

    /// Connects, or reports the (password-free) connection error as exit 3.
    static func connect(_ options: ConnectionOptions) throws(ExitCode) -> Connection {
        let settings = options.settings
        do {
            return try Connection(settings: settings)
        } catch {
            printErr("error: cannot connect to \(settings.redactedDescription): \(settings.scrub(error.description))")
            throw ExitCode(.databaseError)
        }
    }

    /// True when stdout is a terminal (progress is shown only then, unless `--progress`).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
