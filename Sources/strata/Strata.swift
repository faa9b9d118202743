import ArgumentParser
import Foundation

/// Exit codes promised by SPEC §2.
enum ExitStatus: Int32 {
    case success = 0
    case differenceFound = 1
    case badInput = 2
    case databaseError = 3
}

extension ExitCode {
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}

@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Compile YAML schemas into a verified chain of PostgreSQL migrations, and apply it.",
        version: "0.1.0",
        subcommands: offlineSubcommands + onlineSubcommands
    )

    /// ArgumentParser exits 64 on a usage error; SPEC §2 promises 2 for any bad input.
    static func main() {
        let output = JSONOutput()
        do {
            var command = try parseAsRoot()
            try JSONOutput.$current.withValue(output) { try command.run() }
        } catch let code as ExitCode {
            output.finish(exitCode: code.rawValue)
            Self.exit(withError: code)
        } catch {
            guard exitCode(for: error) != .success else { Self.exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Self.exit(withError: ExitCode(.badInput))
        }
    }
}
