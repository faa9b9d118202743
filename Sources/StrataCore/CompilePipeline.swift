/// A schema file handed to the pipeline by the CLI, which does all disk I/O.
public struct SourceFile: Hashable, Sendable {
    /// The path shown in diagnostics.
    public var path: String
    /// Raw bytes: the loader itself checks they are UTF-8 and YAML.
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// What `compile`, `check` and `diff` ask of the core.
public struct CompileRequest: Sendable {
    /// Every `*.yaml`/`*.yml` under SCHEMA_DIR, in sorted path order.
    public var files: [SourceFile]
    /// The head revision of the chain and its snapshot; nil when the chain is empty (base).
    public var parent: ParentRevision?
    /// The id the new revision will get (`NNNN_slug`), for its script headers.
    public var revisionID: String
    public var message: String
    public var allowDestructive: Bool
    /// `compile --empty`: a revision with no schema change, for hand-written SQL.
    public var empty: Bool
    /// What every file path starts with (the schema directory as the user spelled it, `schema/`):
    /// left out of the locations `chain.json` records, so they do not depend on where compile ran.
    public var sourceRoot: String

    public init(
        files: [SourceFile], parent: ParentRevision?, revisionID: String, message: String,
        allowDestructive: Bool = false, empty: Bool = false, sourceRoot: String = ""
    ) {
        self.sourceRoot = sourceRoot
        self.files = files
        self.parent = parent
        self.revisionID = revisionID
        self.message = message
        self.allowDestructive = allowDestructive
        self.empty = empty
    }
}

public struct ParentRevision: Sendable {
    public var id: String
    public var snapshot: Schema

    public init(id: String, snapshot: Schema) {
        self.id = id
        self.snapshot = snapshot
    }
}

/// One new link of the chain, ready for the bundle layer to write.
public struct CompiledRevision: Sendable {
    public var id: String
    public var parentID: String?
    public var message: String
    /// Complete script texts, header included, ending in a newline.
    public var upSQL: String
    public var downSQL: String
    /// The declared schema after this revision.
    public var snapshot: Schema
    /// The changes in plain words, as listed in the header.
    public var changes: [String]
    /// One line per hazardous statement of the up script, as listed in the header.
    public var hazards: [String]
    /// False when any up or down statement must run outside a transaction.
    public var isTransactional: Bool
    /// The hazards of the up script that lose data (what `--allow-destructive` allows).
    public var dataLoss: [String]
    /// What the up script needs of the server (SPEC §3.2); nil for a hand-written (`--empty`)
    /// revision, whose SQL compile does not know.
    public var requirements: VersionRequirements?

    public init(
        id: String, parentID: String?, message: String, upSQL: String, downSQL: String, snapshot: Schema,
        changes: [String], hazards: [String], isTransactional: Bool, dataLoss: [String] = [],
        requirements: VersionRequirements? = nil
    ) {
        self.requirements = requirements
        self.id = id
        self.parentID = parentID
        self.message = message
        self.upSQL = upSQL
        self.downSQL = downSQL
        self.snapshot = snapshot
        self.changes = changes
        self.hazards = hazards
        self.isTransactional = isTransactional
        self.dataLoss = dataLoss
    }
}

public enum CompileOutcome: Sendable {
    case revision(CompiledRevision)
    /// The YAML declares exactly the parent's snapshot.
    case noChanges
    /// Diagnostics say why; nothing may be written.
    case failed
}

/// The YAML of a compile, loaded: the schema it declares, or nil when a problem was found (every
/// one is in `diagnostics`).
public struct LoadedSchema: Sendable {
    public var schema: Schema?
    /// In source order.
    public var diagnostics: [Diagnostic]

    public init(_ files: [SourceFile]) {
        var collector = DiagnosticCollector()
        let schema = loadSchema(files, diagnostics: &collector)
        self.schema = collector.hasErrors ? nil : schema
        diagnostics = collector.sorted
    }
}

/// The compile pipeline: load the YAML (every problem reported), then compile the schema it
/// declares against the parent revision's snapshot, or against `base` for the first revision.
/// Nothing is returned to write unless the outcome is `.revision`.
public func compileRevision(_ request: CompileRequest) -> (CompileOutcome, [Diagnostic]) {
    compileRevision(request, loaded: LoadedSchema(request.files))
}

/// `compileRevision` of YAML loaded beforehand (the CLI loads it while it verifies the bundle).
public func compileRevision(_ request: CompileRequest, loaded: LoadedSchema) -> (CompileOutcome, [Diagnostic]) {
    guard let schema = loaded.schema else { return (.failed, loaded.diagnostics) }
    let (outcome, diagnostics) = compileRevision(request, schema: schema)
    return (outcome, loaded.diagnostics + diagnostics)
}

/// Compiles an already loaded schema against the request's parent (or `base`): diff, intent
/// checks, the destructive-revision refusal, then the up and down scripts.
///
/// The down script is the diff back from the new schema to the old one, with the rename hints
/// inverted, so it is ordered and correct by construction. It is never refused: undoing a
/// revision naturally drops what the revision added.
public func compileRevision(_ request: CompileRequest, schema new: Schema) -> (CompileOutcome, [Diagnostic]) {
    let old = request.parent?.snapshot ?? Schema.base(name: new.name, versionTable: new.versionTable)
    let hints = RenameHints.declared(from: old, to: new)
    var diagnostics: [Diagnostic] = []
    var reportedTargets: Set<String> = []
    diagnostics += checkVersionTargets(of: new, changes: [], alreadyReported: &reportedTargets)
    if diagnostics.contains(where: { $0.severity == .error }) { return (.failed, diagnostics) }

    if request.empty {
        // Checked without CREATE SCHEMA: an empty first revision over a schema that declares
        // nothing yet is fine.
        let pending = diffSchemas(from: old, to: new, hints: hints, options: DiffOptions(checkIntent: false))
        if !pending.changes.isEmpty || !pending.diagnostics.isEmpty {
            diagnostics.append(
                .error(
                    DiffMessage.emptyHidesChanges,
                    notes: pending.changes.prefix(5).map { .init(DiffMessage.pendingNote(describe($0, schema: new.name))) }
                        + [.init(DiffMessage.compileFirstNote)]))
            return (.failed, diagnostics)
        }
        let up = emitEmptyScript(
            header: ScriptHeader(
                revisionID: request.revisionID, parentID: request.parent?.id, message: request.message, direction: .up))
        let down = emitEmptyScript(
            header: ScriptHeader(
                revisionID: request.revisionID, parentID: request.parent?.id, message: request.message, direction: .down))
        return (.revision(revision(request, up: up, down: down, snapshot: old)), diagnostics)
    }

    // The down script does not depend on the up script, so over an earlier revision the two are
    // worked out at once (the down one is thrown away when the up one is refused). From base the
    // down script only drops what the up one creates: too little work to gain from a second
    // thread, whose malloc arena kept 30% more memory at the peak of a 50 MB first compile.
    let ((upDiff, upScript), (downDiff, down)) = concurrently(
        if: request.parent != nil,
        {
            let diff = diffSchemas(
                from: old, to: new, hints: hints, options: DiffOptions(
                    createSchema: request.parent == nil, checkIntent: true, allowDestructive: request.allowDestructive))
            guard !diff.changes.isEmpty, !diff.diagnostics.contains(where: { $0.severity == .error }) else {
                return (diff, nil as MigrationScript?)
            }
            return (
                diff,
                emitUp(
                    diff, schema: new.name, revisionID: request.revisionID, parentID: request.parent?.id,
                    message: request.message)
            )
        },
        {
            var diff = diffSchemas(
                from: new, to: old, hints: hints.inverted(old: old, new: new), options: DiffOptions(checkIntent: false))
            diff.online = new.online
            return (
                diff,
                emitDown(
                    diff, schema: new.name, revisionID: request.revisionID, parentID: request.parent?.id,
                    message: request.message)
            )
        })
    diagnostics += upDiff.diagnostics
    diagnostics += checkVersionTargets(of: new, changes: upDiff.changes, alreadyReported: &reportedTargets)
    if diagnostics.contains(where: { $0.severity == .error }) { return (.failed, diagnostics) }
    guard let up = upScript else { return (.noChanges, diagnostics) }
    if !up.dataLoss.isEmpty && !request.allowDestructive {
        diagnostics.append(
            .error(
                DiffMessage.losesData, notes: up.dataLoss.map { .init(DiffMessage.wouldLoseNote($0)) }))
        return (.failed, diagnostics)
    }
    diagnostics += downDiff.diagnostics
    var collector = RequirementCollector(schema: new, sourceRoot: request.sourceRoot)
    for change in upDiff.changes { collector.add(change: change) }
    var compiled = revision(request, up: up, down: down, snapshot: new)
    compiled.requirements = collector.requirements
    return (.revision(compiled), diagnostics)
}

/// Assembles the revision the bundle layer writes.
private func revision(_ request: CompileRequest, up: MigrationScript, down: MigrationScript, snapshot: Schema)
    -> CompiledRevision
{
    CompiledRevision(
        id: request.revisionID, parentID: request.parent?.id, message: request.message, upSQL: up.text,
        downSQL: down.text, snapshot: snapshot, changes: up.changes, hazards: up.hazards,
        isTransactional: up.isTransactional && down.isTransactional, dataLoss: up.dataLoss)
}
