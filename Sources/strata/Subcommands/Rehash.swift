import ArgumentParser
import Foundation
import StrataBundle

extension Strata {
    /// `strata rehash OUT_DIR`: re-record checksums after a deliberate hand edit.
    struct Rehash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-record checksums and chain hashes after a deliberate hand edit of an unreleased script.",
            discussion: """
                Validates first and writes nothing while the edited bundle would still fail verification. Only \
                the head revision may change without --force: any earlier revision may have been applied by a \
                database (its successors were compiled after it), and a database that ran the old script \
                refuses the new checksum. Warns naming each revision whose recorded values change.
                """)

        @OptionGroup var bundle: BundleDirectoryOptions

        @Flag(help: "Re-record revisions before the head too (their chain hashes and every later one change).")
        var force = false

        func run() throws {
            let store = BundleStore(directory: bundle.url)
            let plan: BundleStore.RehashPlan
            do { plan = try store.planRehash() } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
            // What rehash cannot fix (a script apply refuses, a misplaced revision, an inconsistent
            // snapshot) fails before anything is written.
            guard plan.problems.isEmpty else {
                reportRefusal(.problems(plan.problems, directory: bundle.url.relativePath))
                Console.err("nothing was written: fix the problems above, then run `strata rehash` again\n")
                throw ExitCode(.badInput)
            }
            guard !plan.changes.isEmpty else {
                Console.line("nothing to rehash: every checksum and chain hash already matches")
                return
            }
            for revision in plan.changedRevisions {
                let fields = plan.changes.filter { $0.revision == revision }.map(\.fieldName)
                Console.warning("\(revision): recorded \(fields.joined(separator: ", ")) change\(fields.count == 1 ? "s" : "")")
            }
            let head = plan.chain.revisions.last?.id
            let released = plan.changedRevisions.filter { $0 != head }
            if !released.isEmpty && !force {
                Console.error(
                    "refusing to rehash \(released.joined(separator: ", ")): only the head revision (\(head ?? "none")) "
                        + "is surely unapplied; a database that applied an earlier revision refuses its new checksum or "
                        + "chain hash. Restore the edited file from version control and put the change in a new revision "
                        + "(`strata compile --empty -m MESSAGE`), or rehash with --force if no database has applied it; "
                        + "nothing was written")
                throw ExitCode(.badInput)
            }
            do { try store.write(plan) } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
            for change in plan.changes { Console.line(change.description) }
            Console.line("rehashed: \(plan.changes.count) value\(plan.changes.count == 1 ? "" : "s") changed in chain.json")
        }
    }
}

extension BundleStore.RehashChange {
    /// `up checksum`, `transactional flag`, `chain hash`, for the warning.
    var fieldName: String {
        switch field {
        case .checksum(let file):
            file.hasSuffix(".up.sql") ? "up checksum" : file.hasSuffix(".down.sql") ? "down checksum" : "snapshot checksum"
        case .transactional: "transactional flag"
        case .chainHash: "chain hash"
        }
    }
}
