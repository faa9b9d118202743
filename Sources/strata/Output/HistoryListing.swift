import StrataBundle

/// The text of `strata history`: revisions oldest first with id, message, checksums, hazards,
/// and — when a database was consulted — whether and when each was applied.
struct HistoryListing {
    /// One applied revision as the database's version table records it.
    struct AppliedMark: Hashable, Sendable {
        var appliedAt: String
        var appliedBy: String
        var executionMS: Int64? = nil
        /// False while the revision's suffix (concurrent index builds) has not finished.
        var complete = true
    }

    var chain: ChainFile
    /// Applied revisions by id; nil when no database was consulted (offline history).
    var applied: [String: AppliedMark]?

    var text: String {
        guard !chain.revisions.isEmpty else { return "no revisions yet (schema \(chain.schema))\n" }
        var out = "schema \(chain.schema): \(chain.revisions.count) revision\(chain.revisions.count == 1 ? "" : "s"), oldest first\n"
        for entry in chain.revisions {
            out += "\n\(entry.id)  \(entry.message)\n"
            if let applied {
                if let mark = applied[entry.id] {
                    out += "    applied \(mark.appliedAt) by \(mark.appliedBy)"
                        + (mark.executionMS.map { " in \($0) ms" } ?? "") + "\n"
                    if !mark.complete {
                        out += "    INCOMPLETE: its online steps (index builds, validations) did not finish; the next 'strata apply' resumes them\n"
                    }
                } else {
                    out += "    pending\n"
                }
            }
            out += "    up \(entry.up.sha256)\n"
            out += "    chain \(entry.chainHash)\n"
            if !entry.transactional { out += "    runs partly outside a transaction (-- strata:no-transaction)\n" }
            if entry.hazards.isEmpty {
                out += "    hazards: none\n"
            } else {
                out += "    hazards:\n"
                for hazard in entry.hazards { out += "      \(hazard)\n" }
            }
        }
        return out
    }
}
