import ArgumentParser
import Foundation
import StrataApply
import StrataCore
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

        /// With a database (`--url`, `-e`, the project's default environment or `DATABASE_URL`),
        /// history also shows which revisions it has applied; libpq's PG* variables alone do not
        /// make it go online.
        @OptionGroup var connection: ConnectionOptions

        @Flag(help: "One line per revision: id, message, and where the database is.")
        var oneline = false

        @OptionGroup var format: FormatOptions

        func run() throws {
            let json = JSONOutput.begin("history", format)
            let listing: HistoryListing
            if let resolved = try Online.resolve(connection, requireDatabase: false) {
                let context = try Online.openBundle(bundle.outDirectory, depth: .integrity)
                listing = HistoryListing(
                    chain: context.bundle.chain, applied: try Online.appliedMarks(context, settings: resolved.settings))
            } else {
                let loaded = try openVerifiedBundle(at: bundle.url)
                listing = HistoryListing(chain: loaded.chain, applied: nil)
            }
            if json {
                JSONOutput.print(listing.json)
            } else {
                Console.out(oneline ? listing.onelineText : listing.text)
            }
        }
    }
}
