import ArgumentParser
import StrataBundle

extension Strata {
    /// `strata verify OUT_DIR`: offline integrity check; exit 2 on any problem.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every file's checksum, the hash chain, parent continuity and the snapshots.")

        @OptionGroup var bundle: BundleDirectoryOptions

        func run() throws {
            let problems = verifyBundle(at: bundle.url)
            guard problems.isEmpty else {
                reportProblems(problems, in: bundle.url)
                throw ExitCode(.badInput)
            }
            // verifyBundle read the chain, so this load succeeds.
            let loaded = try MigrationBundle.load(at: bundle.url)
            let count = loaded.chain.revisions.count
            if let head = loaded.head {
                Console.line(
                    "\(bundle.outDirectory.trimmingSlashes): ok, \(count) revision\(count == 1 ? "" : "s") of schema \(loaded.chain.schema), head \(head.id) (chain hash \(head.chainHash))")
            } else {
                Console.line("\(bundle.outDirectory.trimmingSlashes): ok, no revisions yet")
            }
        }
    }
}
