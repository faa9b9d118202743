import ArgumentParser
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

        func run() throws {
            guard let loaded = try loadVerifiedBundle(at: bundle.url, allowFresh: false) else { return }
            Console.out(HistoryListing(chain: loaded.chain, applied: nil).text)
        }
    }
}
