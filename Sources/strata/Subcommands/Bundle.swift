import ArgumentParser
import Foundation
import StrataBundle

extension Strata {
    /// `strata bundle OUT_DIR [--from REV|base] [--to REV|head] -o FILE.sql` (SPEC §7).
    struct BundleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Write one psql-runnable SQL file that moves a database from --from to --to.",
            discussion: """
                Run it with 'psql -v ON_ERROR_STOP=1 -f FILE.sql'. It creates the version table if absent, \
                stops unless the database is at --from with the expected chain hash, applies each revision in \
                its own transaction with its version row, then checks the result. Running it twice is harmless.
                """)

        @OptionGroup var bundle: BundleDirectoryOptions

        @Option(help: ArgumentHelp("The revision the database is at: an id, a unique prefix, or base.", valueName: "REV"))
        var from = "base"

        @Option(help: ArgumentHelp("The revision to move to: an id, a unique prefix, or head.", valueName: "REV"))
        var to = "head"

        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The SQL file to write.", valueName: "FILE.sql"))
        var outputFile: String

        func run() throws {
            let target = URL(fileURLWithPath: outputFile).standardizedFileURL
            if target.deletingLastPathComponent().path == bundle.url.standardizedFileURL.path {
                Console.error("-o \(outputFile): write the release script outside \(bundle.outDirectory); an extra .sql file there fails verification")
                throw ExitCode(.badInput)
            }
            let loaded = try openVerifiedBundle(at: bundle.url)
            let start: ChainEntry?
            let end: ChainEntry?
            do {
                start = from == "base" ? nil : try loaded.revision(named: from)
                end = to == "head" ? loaded.head : (to == "base" ? nil : try loaded.revision(named: to))
            } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
            guard let end else {
                Console.error(
                    to == "base"
                        ? "--to base: a release script only moves forward and holds at least one revision"
                        : "--to \(to): the chain has no revision to bundle")
                throw ExitCode(.badInput)
            }
            let fileName = URL(fileURLWithPath: outputFile).lastPathComponent
            let script: String
            do {
                script = try ReleaseScript.render(bundle: loaded, from: start, to: end, fileName: fileName)
            } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
            let bytes = Data(script.utf8)
            do {
                try bytes.write(to: URL(fileURLWithPath: outputFile), options: .atomic)
            } catch {
                Console.error("\(outputFile): cannot be written (\(error.localizedDescription))")
                throw ExitCode(.badInput)
            }
            let count = end.position - (start?.position ?? 0)
            Console.line(
                "wrote \(outputFile): \(start?.id ?? "base") -> \(end.id), \(count) revision\(count == 1 ? "" : "s")")
            Console.line("sha256 \(Checksum.rawSHA256(of: Array(bytes)).dropFirst(Checksum.prefix.count))")
            Console.line("run it with: psql -v ON_ERROR_STOP=1 -f \(outputFile)")
        }
    }
}
