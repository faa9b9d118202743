import Foundation

/// Progress lines on stderr for long work ("which revision, which statement of how many, elapsed
/// time"). Quiet unless stdout is a terminal or `--progress` was given, so piped output and
/// tests stay clean.
struct Progress {
    let enabled: Bool
    private let start = Date()

    init(options: OutputOptions) {
        enabled = options.progress || isatty(STDOUT_FILENO) != 0
    }

    /// `[1.2s] message` when enabled.
    func report(_ message: String) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        Console.err(String(format: "[%.1fs] ", elapsed) + message + "\n")
    }
}
