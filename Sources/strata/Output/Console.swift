import Foundation

/// Where the CLI writes: human output (or the `--format json` object) to stdout, diagnostics and
/// progress to stderr (SPEC §2).
enum Console {
    /// Writes `text` to stdout as is (add the newline yourself).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one line to stdout.
    static func line(_ text: String = "") { out(text + "\n") }

    /// Writes `text` to stderr as is.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `strata: error: message` on stderr.
    static func error(_ message: String) {
        JSONOutput.record(errors: [message])
        err(paint("strata: error: ", code: "31") + message + "\n")
    }

    /// `strata: warning: message` on stderr.
    static func warning(_ message: String) {
        err(paint("strata: warning: ", code: "33") + message + "\n")
    }

    /// True when stderr is a terminal: progress is shown only then, unless `--progress`.
    static let stderrIsTerminal: Bool = isatty(STDERR_FILENO) != 0

    /// Colour only when stderr is a terminal and NO_COLOR is unset.
    static let stderrSupportsColor: Bool =
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func paint(_ text: String, code: String) -> String {
        stderrSupportsColor ? "\u{1B}[1;\(code)m" + text + "\u{1B}[0m" : text
    }
}
