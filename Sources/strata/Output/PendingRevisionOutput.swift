import ArgumentParser
import Foundation
import StrataBundle
import StrataCore

extension RevisionCompiler {
    /// The compiler for `SCHEMA_DIR -o OUT_DIR`.
    init(_ paths: SchemaAndBundleOptions) {
        self.init(schemaDirectory: paths.schemaDirectory, bundleDirectory: paths.outURL)
    }

    /// `pending`, rendered: a failure or the pipeline's errors are printed and exit 2, warnings
    /// are printed. `showDestructive` (check and diff) compiles a data-losing revision anyway, so
    /// it can be shown with what it loses.
    func pendingReported(
        _ revision: RevisionOptions, empty: Bool, progress: Progress, showDestructive: Bool = false,
        stageSnapshot: Bool = false
    ) throws -> PendingRevision {
        let options = Options(
            message: revision.message, allowDestructive: revision.allowDestructive || showDestructive, empty: empty,
            stageSnapshot: stageSnapshot)
        let pending: PendingRevision
        do {
            pending = try self.pending(options, progress: progress.report)
        } catch {
            throw report(error)
        }
        if case .failed = pending.outcome, JSONOutput.isActive {
            JSONOutput.print([
                ("ok", .bool(false)), ("pending", .null), ("head", .optional(pending.bundle?.head?.id)),
                ("revision", .null), ("diagnostics", .array(pending.diagnostics.map(diagnosticJSON))),
            ])
        }
        DiagnosticPrinter(files: pending.files).print(pending.diagnostics, wroteNothing: !showDestructive)
        if case .failed = pending.outcome { throw ExitCode(.badInput) }
        return pending
    }

    /// Prints a failure on stderr; returns exit 2.
    func report(_ failure: Failure) -> ExitCode {
        switch failure {
        case .bundle(let refusal): reportRefusal(refusal)
        case .schemaDirectory(let error): for problem in error.problems { Console.error(problem) }
        default: Console.error(failure.description)
        }
        return ExitCode(.badInput)
    }
}

/// Prints why OUT_DIR was refused on stderr: one error per problem, then the count.
func reportRefusal(_ refusal: BundleRefusal) {
    for error in refusal.errors { Console.error(error) }
    if let summary = refusal.summary { Console.err(summary + "\n") }
}

/// Opens OUT_DIR verified in full, or prints why not and exits 2 (history, bundle).
func openVerifiedBundle(at url: URL) throws -> MigrationBundle {
    do {
        return try VerifiedBundle.open(at: url, allowFresh: false)!.bundle
    } catch {
        reportRefusal(error)
        throw ExitCode(.badInput)
    }
}

extension PendingRevision {
    /// check and diff on a data-losing revision without `--allow-destructive`: the script is shown,
    /// and this says what it loses and that compile will want the flag (stderr).
    static func warnDataLoss(_ compiled: CompiledRevision, allowed: Bool) {
        guard !compiled.dataLoss.isEmpty, !allowed else { return }
        Console.warning(
            "this revision loses data; `strata compile` refuses it unless --allow-destructive:\n"
                + compiled.dataLoss.map { "  would lose: \($0)" }.joined(separator: "\n"))
    }

    /// The `--format json` members of check and diff (README, "JSON output").
    func json(allowDestructive: Bool) -> [(String, JSONValue)] {
        let revision: JSONValue
        if let compiled = self.revision {
            revision = .object([
                ("id", .string(compiled.id)),
                ("parent", .optional(compiled.parentID)),
                ("message", .string(compiled.message)),
                ("changes", .strings(compiled.changes)),
                ("hazards", .strings(compiled.hazards)),
                ("data_loss", .strings(compiled.dataLoss)),
                ("needs_allow_destructive", .bool(!compiled.dataLoss.isEmpty && !allowDestructive)),
                ("transactional", .bool(compiled.isTransactional)),
                ("up_sql", .string(compiled.upSQL)),
                ("down_sql", .string(compiled.downSQL)),
            ])
        } else {
            revision = .null
        }
        return [
            ("ok", .bool(true)), ("pending", .bool(self.revision != nil)), ("head", .optional(bundle?.head?.id)),
            ("revision", revision), ("diagnostics", .array([])),
        ]
    }
}

/// A diagnostic as a `--format json` object.
func diagnosticJSON(_ diagnostic: Diagnostic) -> JSONValue {
    func location(_ location: SourceLocation?) -> [(String, JSONValue)] {
        [
            ("file", .optional(location?.file)), ("line", .optional(location?.line)),
            ("column", .optional(location?.column)),
        ]
    }
    return .object(
        [("severity", .string(diagnostic.severity.rawValue)), ("message", .string(diagnostic.message))]
            + location(diagnostic.location)
            + [
                ("notes", .array(diagnostic.notes.map { note in .object([("message", .string(note.message))] + location(note.location)) }))
            ])
}
