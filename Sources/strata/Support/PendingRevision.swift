import ArgumentParser
import Foundation
import StrataBundle
import StrataCore

/// What compile, check and diff share: read SCHEMA_DIR, read and verify OUT_DIR, and run the
/// compile pipeline against the head of the chain. Writes nothing.
struct PendingRevision {
    var files: [SourceFile]
    var bundle: MigrationBundle?
    var outcome: CompileOutcome
    /// The message used; nil when the user gave none and a default was used.
    var givenMessage: String?
    /// The revision's snapshot, written ahead for `BundleStore.append` (`stagingSnapshot`).
    var stagedSnapshot: StagedSnapshot?

    /// The message used when `-m` is absent: `init` for the first revision, else a placeholder
    /// that compile refuses to write (check and diff may show it).
    static func defaultMessage(position: Int) -> String { position == 1 ? "init" : "pending" }

    /// Runs the pipeline; prints diagnostics; exits 2 on bad input. `showDestructive` (check and
    /// diff) compiles a data-losing revision anyway, so it can be shown with what it loses; compile
    /// itself refuses it unless `--allow-destructive`. `stagingSnapshot` (compile) writes the
    /// revision's snapshot while the diff runs; the caller appends it or discards it.
    static func compute(
        schema: SchemaAndBundleOptions, revision: RevisionOptions, empty: Bool, progress: Progress,
        showDestructive: Bool = false, stagingSnapshot: Bool = false
    ) throws -> PendingRevision {
        // Verifying the bundle and loading the YAML do not depend on each other: they run at once,
        // and what they find is reported in the order a user reads it (schema files, bundle, YAML).
        let (read, verification) = concurrently(
            { () -> Result<(files: [SourceFile], loaded: LoadedSchema), SchemaDirectoryError> in
                Result { () throws(SchemaDirectoryError) in try readSchemaDirectory(schema.schemaDirectory) }
                    .map { files in (files, LoadedSchema(files)) }
            },
            { readVerifiedBundle(at: schema.outURL, allowFresh: true, depth: .integrity) })
        let (files, loaded): ([SourceFile], LoadedSchema)
        switch read {
        case .success(let read): (files, loaded) = read
        case .failure(let error):
            for problem in error.problems { Console.error(problem) }
            throw ExitCode(.badInput)
        }
        progress.report("read \(files.count) schema file\(files.count == 1 ? "" : "s") from \(schema.schemaDirectory)")
        // Appending needs the chain intact and the head's snapshot; the earlier scripts' statements
        // were checked when they were written (`verifyBundleReadingHead`).
        let verified = try verification.reported(for: schema.outURL)
        let bundle = verified?.bundle
        let head = bundle?.head
        progress.report("bundle \(schema.outDirectory) verified; head \(head?.id ?? "base")")
        var parent: ParentRevision? = nil
        if let bundle, let head {
            do {
                // Verification decoded the head's snapshot already.
                let snapshot: Schema
                if let decoded = verified?.headSnapshot { snapshot = decoded } else { snapshot = try bundle.snapshot(of: head) }
                parent = ParentRevision(id: head.id, snapshot: snapshot)
            } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
        }
        let position = (head?.position ?? 0) + 1
        let message = revision.message ?? defaultMessage(position: position)
        let request = CompileRequest(
            files: files, parent: parent, revisionID: RevisionID.make(position: position, message: message),
            message: message, allowDestructive: revision.allowDestructive || showDestructive, empty: empty,
            sourceRoot: displayPrefix(for: schema.schemaDirectory))
        // `compile` writes the new snapshot (the declared schema) while the diff runs; a revision
        // that is not written discards it.
        let store = stagingSnapshot && !empty ? BundleStore(directory: schema.outURL) : nil
        let ((outcome, diagnostics), staged) = concurrently(
            if: store != nil && loaded.schema != nil,
            { compileRevision(request, loaded: loaded) },
            { loaded.schema.flatMap { store?.stageSnapshot(of: $0, revisionID: request.revisionID) } })
        if case .revision = outcome {} else { staged?.discard() }
        if case .failed = outcome, JSONOutput.isActive {
            JSONOutput.print([
                ("ok", .bool(false)), ("pending", .null), ("head", .optional(head?.id)), ("revision", .null),
                ("diagnostics", .array(diagnostics.map(Self.diagnosticJSON))),
            ])
        }
        DiagnosticPrinter(files: files).print(diagnostics, wroteNothing: !showDestructive)
        progress.report("compiled against \(head?.id ?? "base")")
        if case .failed = outcome { throw ExitCode(.badInput) }
        return PendingRevision(
            files: files, bundle: bundle, outcome: outcome, givenMessage: revision.message, stagedSnapshot: staged)
    }

    /// `the schema matches revision X` / `... declares nothing beyond base`.
    var matchPhrase: String {
        if let head = bundle?.head { return "the schema matches revision \(head.id)" }
        return "the schema declares nothing beyond base"
    }

    /// What compile and diff say when there is nothing to write.
    var upToDateMessage: String { "no changes: \(matchPhrase); nothing to do" }

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
        if case .revision(let compiled) = outcome {
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
        let pending: Bool
        if case .revision = outcome { pending = true } else { pending = false }
        return [
            ("ok", .bool(true)), ("pending", .bool(pending)), ("head", .optional(bundle?.head?.id)),
            ("revision", revision), ("diagnostics", .array([])),
        ]
    }

    static func diagnosticJSON(_ diagnostic: Diagnostic) -> JSONValue {
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
}
