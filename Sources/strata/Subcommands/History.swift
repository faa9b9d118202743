import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

extension Strata {
    /// `strata history OUT_DIR`: revisions oldest first with id, message, checksums and hazards.
    ///
    /// Offline it reads only the bundle. Applied/pending per revision comes from a database
    /// (`--url`, added with the online commands) and is passed to `HistoryListing.applied`.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List revisions oldest first: id, message, checksums and hazards.")

        @OptionGroup var bundle: BundleDirectoryOptions

        @Option(help: ArgumentHelp("Also show which revisions this database has applied, when, by whom.", valueName: "URL"))
        var url: String?

        func run() throws {
            guard let loaded = try loadVerifiedBundle(at: bundle.url, allowFresh: false) else { return }
            guard let url else {
                Console.out(HistoryListing(chain: loaded.chain, applied: nil).text)
                return
            }
            Console.out(HistoryListing(chain: loaded.chain, applied: try Online.appliedMarks(bundle: bundle.url, url: url)).text)
        }
    }
}
