import ArgumentParser
import Foundation
import StrataApply
import StrataBundle

extension Strata {
    /// `strata history OUT_DIR`: revisions oldest first with id, message, checksums and hazards.
    ///
    /// Offline it reads only the bundle; with `--url` it also shows, per revision, whether, when
    /// and by whom the database applied it.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List revisions oldest first: id, message, checksums and hazards.")

        @OptionGroup var bundle: BundleDirectoryOptions

        @Option(help: ArgumentHelp("Also show which revisions this database has applied, when, by whom.", valueName: "URL"))
        var url: String?

        func run() throws {
            guard let url else {
                guard let loaded = try loadVerifiedBundle(at: bundle.url, allowFresh: false) else { return }
                Console.out(HistoryListing(chain: loaded.chain, applied: nil).text)
                return
            }
            let context = try Online.openBundle(bundle.outDirectory)
            Console.out(HistoryListing(chain: context.bundle.chain, applied: try Online.appliedMarks(context, url: url)).text)
        }
    }
}
