public import Foundation
public import StrataCore

/// The compile use case behind `compile`, `check` and `diff`: read SCHEMA_DIR, read and verify
/// OUT_DIR, run the compile pipeline against the head of the chain, and (compile) append the
/// revision all or nothing. Returns values; prints nothing and never exits.
public struct RevisionCompiler: Sendable {
    /// SCHEMA_DIR as the user gave it (paths in diagnostics start with it).
    public var schemaDirectory: String
    /// OUT_DIR.
    public var bundleDirectory: URL
    /// The disk the revision is written to (a stand-in that fails on purpose in tests).
    public var fileSystem: BundleFileSystem

    public init(schemaDirectory: String, bundleDirectory: URL, fileSystem: BundleFileSystem = .posix) {
        self.schemaDirectory = schemaDirectory
        self.bundleDirectory = bundleDirectory
        self.fileSystem = fileSystem
    }

    /// What the caller asks for.
    public struct Options: Sendable {
        /// `-m`; nil when the user gave none (a default is used, see `defaultMessage`).
        public var message: String?
        /// Compile a data-losing revision (`--allow-destructive`; check and diff always do, so
        /// they can show it with what it loses).
        public var allowDestructive: Bool
        /// `--empty`: a revision with empty scripts for hand-written SQL.
        public var empty: Bool
        /// Write the revision's snapshot while the diff runs, for `append` (compile).
        public var stageSnapshot: Bool

        public init(message: String?, allowDestructive: Bool, empty: Bool = false, stageSnapshot: Bool = false) {
            self.message = message
            self.allowDestructive = allowDestructive
            self.empty = empty
            self.stageSnapshot = stageSnapshot
        }
    }

    /// Why nothing could be compiled; each is bad input.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// SCHEMA_DIR could not be read.
        case schemaDirectory(SchemaDirectoryError)
        /// OUT_DIR could not be read or fails verification.
        case bundle(BundleRefusal)
        /// The head's snapshot could not be read.
        case headSnapshot(BundleError)
        /// The schema has changes and the chain has a head, but no `-m` was given.
        case messageRequired
        /// Writing the revision failed; nothing was written.
        case write(BundleError)

        public var description: String {
            switch self {
            case .schemaDirectory(let error): error.description
            case .bundle(let refusal): refusal.description
            case .headSnapshot(let error), .write(let error): error.description
            case .messageRequired:
                "the schema has changes; compile them with -m MESSAGE (the message names the revision)"
            }
        }
    }

    /// The message used when `-m` is absent: `init` for the first revision, else a placeholder
    /// that `write` refuses (check and diff may show it).
    public static func defaultMessage(position: Int) -> String { position == 1 ? "init" : "pending" }

    /// Reads both directories and compiles against the head. Writes nothing, except the staged
    /// snapshot when `options.stageSnapshot` (discarded unless the outcome is a revision; the
    /// caller appends it with `write` or discards it). `progress` hears what was done, step by step.
    public func pending(_ options: Options, progress: (String) -> Void = { _ in }) throws(Failure) -> PendingRevision {
        // Verifying the bundle and loading the YAML do not depend on each other: they run at once,
        // and a failure is reported in the order a user reads it (schema files, bundle, YAML).
        let (read, verification) = concurrently(
            { () -> Result<(files: [SourceFile], loaded: LoadedSchema), SchemaDirectoryError> in
                Result { () throws(SchemaDirectoryError) in try SchemaDirectory.read(schemaDirectory) }
                    .map { files in (files, LoadedSchema(files)) }
            },
            { () -> Result<VerifiedBundle?, BundleRefusal> in
                // Appending needs the chain intact and the head's snapshot; the earlier scripts'
                // statements were checked when they were written (`verifyBundleReadingHead`).
                Result { () throws(BundleRefusal) in
                    try VerifiedBundle.open(at: bundleDirectory, allowFresh: true, depth: .integrity)
                }
            })
        let (files, loaded): ([SourceFile], LoadedSchema)
        switch read {
        case .success(let read): (files, loaded) = read
        case .failure(let error): throw .schemaDirectory(error)
        }
        progress("read \(files.count) schema file\(files.count == 1 ? "" : "s") from \(schemaDirectory)")
        let verified: VerifiedBundle?
        switch verification {
        case .success(let bundle): verified = bundle
        case .failure(let refusal): throw .bundle(refusal)
        }
        let bundle = verified?.bundle
        let head = bundle?.head
        progress("bundle \(bundleDirectory.relativePath) verified; head \(head?.id ?? "base")")
        var parent: ParentRevision? = nil
        if let bundle, let head {
            do {
                // Verification decoded the head's snapshot already.
                let snapshot: Schema
                if let decoded = verified?.headSnapshot { snapshot = decoded } else { snapshot = try bundle.snapshot(of: head) }
                parent = ParentRevision(id: head.id, snapshot: snapshot)
            } catch {
                throw .headSnapshot(error)
            }
        }
        let position = (head?.position ?? 0) + 1
        let message = options.message ?? Self.defaultMessage(position: position)
        let request = CompileRequest(
            files: files, parent: parent, revisionID: RevisionID.make(position: position, message: message),
            message: message, allowDestructive: options.allowDestructive, empty: options.empty,
            sourceRoot: SchemaDirectory.displayPrefix(for: schemaDirectory))
        // The new snapshot (the declared schema) is written while the diff runs; a revision that
        // is not written discards it.
        let store = options.stageSnapshot && !options.empty ? BundleStore(directory: bundleDirectory, fileSystem: fileSystem) : nil
        let ((outcome, diagnostics), staged) = concurrently(
            if: store != nil && loaded.schema != nil,
            { compileRevision(request, loaded: loaded) },
            { loaded.schema.flatMap { store?.stageSnapshot(of: $0, revisionID: request.revisionID) } })
        if case .revision = outcome {} else { staged?.discard() }
        progress("compiled against \(head?.id ?? "base")")
        return PendingRevision(
            files: files, bundle: bundle, outcome: outcome, diagnostics: diagnostics, givenMessage: options.message,
            stagedSnapshot: staged)
    }

    /// Appends the pending revision to OUT_DIR, all or nothing (`BundleStore.append`). Refuses a
    /// revision after the first without a message the user gave. Discards the staged snapshot
    /// whatever happens.
    public func write(_ pending: PendingRevision, revision compiled: CompiledRevision) throws(Failure)
        -> BundleStore.AppendResult
    {
        defer { pending.stagedSnapshot?.discard() }
        if pending.givenMessage == nil && pending.bundle?.head != nil { throw .messageRequired }
        do {
            return try BundleStore(directory: bundleDirectory, fileSystem: fileSystem)
                .append(compiled, staged: pending.stagedSnapshot)
        } catch {
            throw .write(error)
        }
    }
}

/// What the next compile would write, and what it read to find out.
public struct PendingRevision: Sendable {
    /// The schema files read.
    public var files: [SourceFile]
    /// The bundle before the revision; nil for a fresh OUT_DIR.
    public var bundle: MigrationBundle?
    public var outcome: CompileOutcome
    /// Every diagnostic of the pipeline (errors when `outcome` is `.failed`, else warnings).
    public var diagnostics: [Diagnostic]
    /// The message given; nil when the user gave none and a default was used.
    public var givenMessage: String?
    /// The revision's snapshot, written ahead for `RevisionCompiler.write`.
    public var stagedSnapshot: StagedSnapshot?

    /// The compiled revision, when there is one to write.
    public var revision: CompiledRevision? {
        if case .revision(let compiled) = outcome { return compiled }
        return nil
    }

    /// `the schema matches revision X` / `... declares nothing beyond base`.
    public var matchPhrase: String {
        if let head = bundle?.head { return "the schema matches revision \(head.id)" }
        return "the schema declares nothing beyond base"
    }

    /// What compile and diff say when there is nothing to write.
    public var upToDateMessage: String { "no changes: \(matchPhrase); nothing to do" }
}
