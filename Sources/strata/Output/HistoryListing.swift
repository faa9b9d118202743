import StrataBundle
import StrataCore

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
        /// True when `strata stamp` recorded it without running it.
        var stamped = false

        /// `applied`, `stamped` or `incomplete`, as the JSON `state` says.
        var state: String { stamped ? "stamped" : (complete ? "applied" : "incomplete") }
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
                    if mark.stamped {
                        out += "    stamped \(mark.appliedAt) by \(mark.appliedBy) (recorded by `strata stamp`, not run)\n"
                    } else {
                        out += "    applied \(mark.appliedAt) by \(mark.appliedBy)"
                            + (mark.executionMS.map { " in \($0) ms" } ?? "") + "\n"
                    }
                    if !mark.complete {
                        out += "    INCOMPLETE: its online steps (index builds, validations) did not finish; the next `strata apply` resumes them\n"
                    }
                } else {
                    out += "    pending\n"
                }
            }
            out += "    up \(entry.up.sha256)\n"
            out += "    chain \(entry.chainHash)\n"
            if !entry.transactional { out += "    \(Self.partlyOutsideTransaction)\n" }
            if let requires = entry.requires, !requires.isEmpty {
                let minimums = (requires.postgres.map { ["PostgreSQL \($0.version)"] } ?? [])
                    + requires.extensions.map { "\(ExtensionNames.display($0.name)) \($0.version)" }
                out += "    needs: \(minimums.joined(separator: ", ")) (chain.json lists what needs them)\n"
            }
            if entry.hazards.isEmpty {
                out += "    hazards: none\n"
            } else {
                out += "    hazards:\n"
                for hazard in entry.hazards { out += "      \(hazard)\n" }
            }
        }
        return out
    }

    /// How history and status describe a revision with `-- strata:no-transaction` statements.
    static let partlyOutsideTransaction = "runs partly outside a transaction (-- strata:no-transaction)"

    /// The `--format json` members (README, "JSON output").
    var json: [(String, JSONValue)] {
        let revisions: [JSONValue] = chain.revisions.map { entry -> JSONValue in
            let mark = applied?[entry.id]
            let state: JSONValue = applied == nil ? .null : .string(mark?.state ?? "pending")
            return .object([
                ("id", .string(entry.id)),
                ("position", .int(entry.position)),
                ("parent", .optional(entry.parent)),
                ("message", .string(entry.message)),
                ("transactional", .bool(entry.transactional)),
                ("up_sha256", .string(entry.up.sha256)),
                ("down_sha256", .string(entry.down.sha256)),
                ("chain_hash", .string(entry.chainHash)),
                ("hazards", .strings(entry.hazards)),
                ("state", state),
                ("applied_at", .optional(mark?.appliedAt)),
                ("applied_by", .optional(mark?.appliedBy)),
                ("execution_ms", .optional(mark?.executionMS.map { Int($0) })),
            ])
        }
        return [
            ("schema", .string(chain.schema)),
            ("database_consulted", .bool(applied != nil)),
            ("revisions", .array(revisions)),
        ]
    }
}
