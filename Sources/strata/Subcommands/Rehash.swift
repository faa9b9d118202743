import ArgumentParser
import StrataBundle

extension Strata {
    /// `strata rehash OUT_DIR`: re-record checksums after a deliberate hand edit.
    struct Rehash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-record checksums and chain hashes after a deliberate hand edit of an unreleased script.",
            discussion: """
                Only for revisions no database has applied yet: a database that ran the old script will \
                refuse the new checksum. Prints every value it changed.
                """)

        @OptionGroup var bundle: BundleDirectoryOptions

        func run() throws {
            let changes: [BundleStore.RehashChange]
            do {
                changes = try BundleStore(directory: bundle.url).rehash()
            } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
            if changes.isEmpty {
                Console.line("nothing to rehash: every checksum and chain hash already matches")
            } else {
                for change in changes { Console.line(change.description) }
                Console.line("rehashed: \(changes.count) value\(changes.count == 1 ? "" : "s") changed in chain.json")
            }
            // What rehash cannot fix (a misplaced revision, an inconsistent snapshot) still fails.
            let problems = verifyBundle(at: bundle.url)
            guard problems.isEmpty else {
                reportProblems(problems, in: bundle.url)
                throw ExitCode(.badInput)
            }
        }
    }
}
