import Foundation

/// Progress lines on stderr for long work ("which revision, which statement of how many, elapsed
/// time"). Quiet unless stderr is a terminal or `--progress` was given, so logs and tests stay
/// clean; never on stdout, which holds the result (or the `--format json` object).
struct Progress {
    let enabled: Bool
    private let start = Date()

    init(options: OutputOptions) {
        enabled = options.progress || Console.stderrIsTerminal
    }

    /// `[1.2s] message` when enabled.
    func report(_ message: String) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        Console.err(String(format: "[%.1fs] ", elapsed) + message + "\n")
    }
}
