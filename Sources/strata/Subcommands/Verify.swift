import ArgumentParser
import Foundation
import StrataBundle

extension Strata {
    /// `strata verify OUT_DIR`: offline integrity check; exit 2 on any problem.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every file's checksum, the hash chain, parent continuity and the snapshots.")

        @OptionGroup var bundle: BundleDirectoryOptions
        @OptionGroup var format: FormatOptions

        func run() throws {
            let json = JSONOutput.begin("verify", format)
            let problems = verifyBundle(at: bundle.url)
            // verifyBundle read the chain when it reports no unreadable chain, so this load succeeds.
            let loaded = try? MigrationBundle.load(at: bundle.url)
            if json {
                JSONOutput.print([
                    ("ok", .bool(problems.isEmpty)),
                    ("bundle", .string(bundle.outDirectory.trimmingSlashes)),
                    ("schema", .optional(loaded?.chain.schema)),
                    ("revisions", .int(loaded?.chain.revisions.count ?? 0)),
                    ("head", .optional(loaded?.head?.id)),
                    ("head_chain_hash", .optional(loaded?.head?.chainHash)),
                    ("problems", .array(problems.map(Self.json))),
                ])
            }
            guard problems.isEmpty else {
                reportRefusal(.problems(problems, directory: bundle.url.relativePath))
                throw ExitCode(.badInput)
            }
            guard !json, let loaded else { return }
            let count = loaded.chain.revisions.count
            if let head = loaded.head {
                Console.line(
                    "\(bundle.outDirectory.trimmingSlashes): ok, \(count) revision\(count == 1 ? "" : "s") of schema \(loaded.chain.schema), head \(head.id) (chain hash \(head.chainHash))")
            } else {
                Console.line("\(bundle.outDirectory.trimmingSlashes): ok, no revisions yet")
            }
        }

        static func json(_ problem: BundleProblem) -> JSONValue {
            .object([
                ("kind", .string(problem.kind.rawValue)), ("revision", .optional(problem.revision)),
                ("file", .optional(problem.file)), ("line", .optional(problem.line)),
                ("column", .optional(problem.column)), ("message", .string(problem.message)),
                ("expected", .optional(problem.expected)), ("found", .optional(problem.found)),
            ])
        }
    }
}
