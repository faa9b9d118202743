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

        @OptionGroup var format: FormatOptions

        func run() throws {
            let json = JSONOutput.begin("history", format)
            let listing: HistoryListing
            if let url {
                let context = try Online.openBundle(bundle.outDirectory)
                listing = HistoryListing(chain: context.bundle.chain, applied: try Online.appliedMarks(context, url: url))
            } else {
                let loaded = try openVerifiedBundle(at: bundle.url)
                listing = HistoryListing(chain: loaded.chain, applied: nil)
            }
            if json { JSONOutput.print(listing.json) } else { Console.out(listing.text) }
        }
    }
}
