import Foundation
import StrataBundle
import StrataCore
import StrataTestSupport
import Testing

@testable import StrataApply

/// A bundle built in a temporary directory the way `strata compile` builds one: YAML through
/// `compileRevision`, written with `BundleStore`. Hand-written revisions go through
/// `compile --empty` plus `rehash`, as a user would.
struct TestBundle {
    let directory: URL
    /// The YAML of the last compiled revision (an empty revision must declare the same schema).
    private(set) var yaml = ""

    init() throws {
        directory = try Scratch.directory("apply-test")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    var bundle: MigrationBundle? { try? MigrationBundle.loadIfPresent(at: directory) }
    var chain: [ChainEntry] { bundle?.chain.revisions ?? [] }

    /// Compiles `yaml` as the next revision. `lint: false` skips squawk, for a revision whose
    /// table is rewritten in the body anyway (its index drops and builds there block nothing more).
    @discardableResult
    mutating func compile(_ yaml: String, message: String, lint: Bool = true) throws -> ChainEntry {
        let revision = try compiled(yaml, message: message, empty: false)
        self.yaml = yaml
        if lint { try Self.lint(revision, yaml: yaml) }
        return try BundleStore(directory: directory).append(revision).entry
    }

    /// Every up script the apply tests compile goes through squawk (when it is installed): none
    /// may block writes on an existing table for a scan or a build, unless its YAML opts out.
    static func lint(_ revision: CompiledRevision, yaml: String) throws {
        guard Squawk.executable != nil, !yaml.contains("online: false"), !yaml.contains("concurrently: false") else {
            return
        }
        let findings = try Squawk.blockingFindings(inUpScript: revision.upSQL, name: revision.id + ".up.sql")
        guard findings.isEmpty else {
            throw CompileFailed(
                description: "squawk: blocking statements in \(revision.id):\n"
                    + findings.map(\.description).joined(separator: "\n") + "\n\n" + revision.upSQL)
        }
    }

    /// A hand-written revision that records each run in `negentropy.runs` and then sleeps, so
    /// concurrency and kill tests can catch an apply in the middle of it.
    @discardableResult
    mutating func slowBackfill(seconds: Int) throws -> ChainEntry {
        try handWritten(
            message: "slow backfill",
            up: """
                CREATE TABLE negentropy.runs (at timestamptz NOT NULL DEFAULT clock_timestamp());
                INSERT INTO negentropy.runs DEFAULT VALUES;
                SELECT pg_sleep(\(seconds));
                """,
            down: "DROP TABLE negentropy.runs;\n")
    }

    /// `compile --empty`, then the scripts replaced by hand and `rehash`ed.
    @discardableResult
    mutating func handWritten(message: String, up: String, down: String) throws -> ChainEntry {
        let revision = try compiled(yaml, message: message, empty: true)
        let entry = try BundleStore(directory: directory).append(revision).entry
        try Data(up.utf8).write(to: directory.appendingPathComponent(entry.up.file))
        try Data(down.utf8).write(to: directory.appendingPathComponent(entry.down.file))
        _ = try BundleStore(directory: directory).rehash()
        return chain.last!
    }

    private func compiled(_ yaml: String, message: String, empty: Bool) throws -> CompiledRevision {
        let parent: ParentRevision?
        if let bundle, let head = bundle.head {
            parent = ParentRevision(id: head.id, snapshot: try bundle.snapshot(of: head))
        } else {
            parent = nil
        }
        let request = CompileRequest(
            files: [SourceFile(path: "schema.yaml", contents: Array(yaml.utf8))], parent: parent,
            revisionID: RevisionID.make(position: chain.count + 1, message: message), message: message,
            allowDestructive: true, empty: empty)
        let (outcome, diagnostics) = compileRevision(request)
        guard case .revision(let revision) = outcome else {
            throw CompileFailed(description: "\(outcome): " + diagnostics.map(\.description).joined(separator: "\n"))
        }
        return revision
    }

    struct CompileFailed: Error, CustomStringConvertible { var description: String }

    /// The verified context `apply` runs from.
    func context() throws -> BundleContext { try BundleContext.open(at: directory) }
}

/// Records what the applier reports, for assertions.
final class RecordingObserver: ApplyObserver, @unchecked Sendable {
    var dryRunLines: [String] = []
    var finished: [String] = []
    var notices: [String] = []
    var cleanups: [String] = []
    var waited = false

    func dryRun(_ line: String) { dryRunLines.append(line) }
    var milliseconds: [String: Int64] = [:]
    func stepFinished(_ step: ApplyStep, milliseconds: Int64) {
        finished.append("\(step.direction.rawValue) \(step.revision.id)")
        self.milliseconds[step.revision.id] = milliseconds
    }
    var noticeLocations: [String] = []
    func notice(_ notice: Notice, file: String?, line: Int?) {
        notices.append(notice.description)
        noticeLocations.append("\(file ?? "-"):\(line.map(String.init) ?? "-")")
    }
    func cleanedUp(_ message: String) { cleanups.append(message) }
    func waitingForLock(heldBy holder: LockHolder?) { waited = true }
}

/// Runs `apply` as a library call against `database`.
@discardableResult
func apply(
    _ bundle: TestBundle, to target: ApplyTarget, on database: TestDatabase, url: String? = nil,
    observer: RecordingObserver = RecordingObserver(), configure: (inout ApplyRequest) -> Void = { _ in }
) throws -> ApplyOutcome {
    let context = try bundle.context()
    // Going down over data-losing downs is what many tests do; the refusal is tested through the CLI.
    var request = ApplyRequest(target: target, lockWait: 0, allowDestructive: true)
    configure(&request)
    let connection = try Connection(settings: ConnectionSettings(url: url ?? database.url))
    return try Applier(context: context, request: request, observer: observer).run(on: connection)
}

/// The YAML schemas the integration tests move between.
enum Schemas {
    static let header = """
        schema:
          name: negentropy
          extensions:
            - { name: vector, schema: public }

        """

    static let v1 = header + """
        tables:
          threads:
            columns:
              id: { type: uuid, primary_key: true, default: gen_random_uuid() }
              title: { type: text, nullable: false }
        """

    static let v2 = header + """
        enums:
          memory_kind: [episodic, semantic]
        tables:
          threads:
            columns:
              id: { type: uuid, primary_key: true, default: gen_random_uuid() }
              title: { type: text, nullable: false }
          memories:
            columns:
              id: { type: bigint, identity: by_default, primary_key: true }
              thread_id: { type: uuid, references: threads.id, on_delete: cascade }
              kind: { type: memory_kind, nullable: false, default: "'episodic'" }
              content: { type: text, nullable: false }
              embedding: vector(3)
            indexes:
              - { name: ix_memories_thread, columns: [thread_id] }
        """

    static let v3 = header + """
        enums:
          memory_kind: [episodic, semantic]
        tables:
          threads:
            columns:
              id: { type: uuid, primary_key: true, default: gen_random_uuid() }
              title: { type: text, nullable: false }
              archived: { type: boolean, nullable: false, default: "false" }
          memories:
            columns:
              id: { type: bigint, identity: by_default, primary_key: true }
              thread_id: { type: uuid, references: threads.id, on_delete: cascade }
              kind: { type: memory_kind, nullable: false, default: "'episodic'" }
              content: { type: text, nullable: false }
              embedding: vector(3)
            indexes:
              - { name: ix_memories_thread, columns: [thread_id] }
              - { name: ix_memories_embedding, columns: [embedding], method: hnsw, opclass: vector_cosine_ops }
        """

    /// Three compiled revisions: v1, v2, v3.
    static func threeRevisions() throws -> TestBundle {
        var bundle = try TestBundle()
        try bundle.compile(v1, message: "threads")
        try bundle.compile(v2, message: "memories")
        try bundle.compile(v3, message: "archive and embedding index")
        return bundle
    }
}

/// A table the test locks so that an apply blocks at a revision that locks it: revisions `gate`
/// (creates it) and `wait at the gate` (takes a SHARE lock on it).
enum Gate {
    static let waitStatement = "LOCK TABLE negentropy.gate IN SHARE MODE;\n"

    static func addGate(to bundle: inout TestBundle) throws {
        try bundle.handWritten(
            message: "gate", up: "CREATE TABLE negentropy.gate (id int);\n", down: "DROP TABLE negentropy.gate;\n")
    }

    static func addWait(to bundle: inout TestBundle) throws {
        try bundle.handWritten(message: "wait at the gate", up: waitStatement, down: "SELECT 1;\n")
    }

    /// Closes the gate: a transaction holding it in ACCESS EXCLUSIVE mode (ROLLBACK opens it).
    static func close(in database: TestDatabase) throws -> Connection {
        let gate = try database.connect()
        try gate.execute("BEGIN")
        try gate.execute("LOCK TABLE negentropy.gate IN ACCESS EXCLUSIVE MODE")
        return gate
    }

    /// True while an apply waits at the gate; `watcher` must be outside the gate's transaction,
    /// which would see one snapshot of pg_stat_activity.
    static func isWaiting(seenBy watcher: borrowing Connection) throws -> Bool {
        try watcher.query(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE query LIKE 'LOCK TABLE negentropy.gate IN SHARE MODE%' AND wait_event_type = 'Lock'
            """) == [["1"]]
    }
}
