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

    /// The message used when `-m` is absent: `init` for the first revision, else a placeholder
    /// that compile refuses to write (check and diff may show it).
    static func defaultMessage(position: Int) -> String { position == 1 ? "init" : "pending" }

    /// Runs the pipeline; prints diagnostics; exits 2 on bad input.
    static func compute(
        schema: SchemaAndBundleOptions, revision: RevisionOptions, empty: Bool, progress: Progress
    ) throws -> PendingRevision {
        let files: [SourceFile]
        do {
            files = try readSchemaDirectory(schema.schemaDirectory)
        } catch {
            for problem in error.problems { Console.error(problem) }
            throw ExitCode(.badInput)
        }
        progress.report("read \(files.count) schema file\(files.count == 1 ? "" : "s") from \(schema.schemaDirectory)")
        let bundle = try loadVerifiedBundle(at: schema.outURL, allowFresh: true)
        let head = bundle?.head
        progress.report("bundle \(schema.outDirectory) verified; head \(head?.id ?? "base")")
        var parent: ParentRevision? = nil
        if let bundle, let head {
            do {
                parent = ParentRevision(id: head.id, snapshot: try bundle.snapshot(of: head))
            } catch {
                Console.error(error.description)
                throw ExitCode(.badInput)
            }
        }
        let position = (head?.position ?? 0) + 1
        let message = revision.message ?? defaultMessage(position: position)
        let request = CompileRequest(
            files: files, parent: parent, revisionID: RevisionID.make(position: position, message: message),
            message: message, allowDestructive: revision.allowDestructive, empty: empty)
        let (outcome, diagnostics) = compileRevision(request)
        DiagnosticPrinter(files: files).print(diagnostics)
        progress.report("compiled against \(head?.id ?? "base")")
        if case .failed = outcome { throw ExitCode(.badInput) }
        return PendingRevision(files: files, bundle: bundle, outcome: outcome, givenMessage: revision.message)
    }

    /// `the schema matches revision X` / `... declares nothing beyond base`.
    var matchPhrase: String {
        if let head = bundle?.head { return "the schema matches revision \(head.id)" }
        return "the schema declares nothing beyond base"
    }

    /// What compile and diff say when there is nothing to write.
    var upToDateMessage: String { "no changes: \(matchPhrase); nothing to do" }
}
