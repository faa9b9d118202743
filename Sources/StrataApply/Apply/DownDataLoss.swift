import StrataBundle
import StrataCore

extension BundleContext {
    /// What going down `plan` loses, one line per data-losing statement of each down script, as
    /// `revision: hazard`. Computed as compile computes the down script (the diff from the
    /// revision's snapshot back to its parent's), so it covers what compile generated; the down
    /// script of a hand-written revision changes no declared schema and lists nothing here.
    public func dataLoss(goingDown plan: ApplyPlan) throws(ApplyFailure) -> [String] {
        var lines: [String] = []
        for step in plan.steps where step.direction == .down {
            let entry = step.revision
            let new: Schema
            let old: Schema
            do {
                new = try bundle.snapshot(of: entry)
                old = entry.position == 1
                    ? Schema.base(name: schema, versionTable: versionRows.table)
                    : try bundle.snapshot(of: chain[entry.position - 2])
            } catch {
                throw ApplyFailure(.badInput, "cannot read the snapshots around \(entry.id): \(error)")
            }
            let hints = RenameHints.declared(from: old, to: new).inverted(old: old, new: new)
            let diff = diffSchemas(from: new, to: old, hints: hints, options: DiffOptions(checkIntent: false))
            let down = emitDown(diff, schema: schema, revisionID: entry.id, parentID: entry.parent, message: entry.message)
            lines += down.dataLoss.map { "\(entry.id): \($0)" }
        }
        return lines
    }
}
