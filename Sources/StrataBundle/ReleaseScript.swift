import StrataCore

/// `strata bundle` (SPEC §7): one SQL file a DBA runs with `psql -v ON_ERROR_STOP=1 -f` on a
/// site with neither strata nor network.
///
/// Layout: a header saying what it holds; the schema and version table created if absent; a
/// guard that stops unless the database's latest version row is `from` with its chain hash (no
/// rows for base); then each revision, with its own guard, in its own transaction together with
/// its version row; then a final check. A second run stops at the first guard before any change.
/// A revision with statements marked `-- strata:no-transaction` runs as [prefix][body][suffix]
/// (`ScriptShape`): the prefix statements alone, then the body with the guard and the version row
/// in one transaction (the row incomplete when a suffix follows), then the suffix statements alone
/// and an UPDATE marking the row complete.
public enum ReleaseScript {
    /// Renders the script moving a database from `from` (nil = base) to `to`, forward.
    /// `fileName` is only used in the header's instructions.
    public static func render(
        bundle: MigrationBundle, from: ChainEntry?, to: ChainEntry, fileName: String
    ) throws(ReleaseScriptError) -> String {
        let startPosition = from?.position ?? 0
        guard to.position > startPosition else {
            throw .notForward(from: from?.id ?? "base", to: to.id)
        }
        let revisions = Array(bundle.chain.revisions[startPosition..<to.position])
        let versionTable: VersionTable
        var ups: [String] = []
        do {
            versionTable = VersionTable(for: try bundle.snapshot(of: to))
            for entry in revisions {
                let text = try bundle.upScript(of: entry)
                // The file must be what the chain recorded; `bundle` verifies first, but this
                // keeps the function honest on its own.
                let sha = Checksum.sha256(of: text)
                guard sha == entry.up.sha256 else {
                    throw ReleaseScriptError.checksumMismatch(file: entry.up.file, expected: entry.up.sha256, found: sha)
                }
                ups.append(text)
            }
        } catch let error as ReleaseScriptError {
            throw error
        } catch let error as BundleError {
            throw .bundle(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }

        let lockKey = ApplyLockKey(schema: bundle.chain.schema).value
        var body = ScriptText()
        body.line("\\set ON_ERROR_STOP on")
        body.blank()
        body.line("-- Every statement waits at most lock_timeout for its lock, then fails (and its transaction rolls")
        body.line("-- back) instead of queueing every other query behind it. Default \(defaultLockTimeout), as 'strata apply';")
        body.line("-- override with psql -v lock_timeout=30s.")
        body.line("\\if :{?lock_timeout}")
        body.line("\\else")
        body.line("\\set lock_timeout \(defaultLockTimeout)")
        body.line("\\endif")
        for setting in sessionSettings { body.line(setting) }
        body.blank()
        body.line("-- The session advisory lock 'strata apply' holds (key: the first 8 bytes of SHA-256 of")
        body.line("-- 'strata:\(bundle.chain.schema)'), held until this session ends: two runs cannot interleave.")
        body.line(lockBlock(key: lockKey, keyText: "strata:" + bundle.chain.schema))
        body.blank()
        body.line(try versionGuard(bundle: bundle, revisions: revisions))
        body.blank()
        body.line("-- The managed schema and the version table, if this database has none yet (quietly: their")
        body.line("-- IF NOT EXISTS notices say nothing).")
        body.line("SET client_min_messages = warning;")
        body.line(versionTable.createSchemaSQL)
        body.line(versionTable.createSQL)
        body.line(versionTable.addCompleteColumnSQL)
        body.line("RESET client_min_messages;")
        body.blank()
        body.line("-- Already at \(to.id): nothing to do; say so and stop here (exit status 0).")
        body.line(atTargetCheck(versionTable, target: to))
        body.line("\\if :strata_at_target")
        body.line("DO $strata$ BEGIN RAISE NOTICE 'strata: the database is already at % (chain hash %); nothing to do', "
            + "\(VersionTable.literal(to.id)), \(VersionTable.literal(to.chainHash)); END $strata$;")
        body.line("\\q")
        body.line("\\endif")
        body.blank()
        body.line("-- Stop here, before any change, unless the database is at \(from?.id ?? "base").")
        body.line(
            guardBlock(
                versionTable, expected: from,
                context: "this release script starts at \(from?.id ?? "base"); nothing was changed"))
        for (offset, entry) in revisions.enumerated() {
            body.blank()
            try renderRevision(
                entry, up: ups[offset], number: offset + 1, of: revisions.count, versionTable: versionTable,
                parent: offset == 0 ? from : revisions[offset - 1], into: &body)
            resetSession(into: &body)
        }
        body.blank()
        body.line("-- Final check: the database is at \(to.id).")
        body.line(finalCheck(versionTable, expected: to))
        body.line("SELECT pg_advisory_unlock(\(lockKey)) AS strata_unlocked \\gset")

        let bodyText = body.text
        var header = ScriptText()
        header.line("-- strata release script")
        header.line("-- schema:        \(bundle.chain.schema) (version table \(versionTable.qualifiedName))")
        header.line("-- from:          \(from.map { "\($0.id) (chain hash \($0.chainHash))" } ?? "base (no revision applied)")")
        header.line("-- to:            \(to.id) (chain hash \(to.chainHash))")
        header.line("-- revisions:     \(revisions.count), oldest first, each with its up script's checksum and chain hash:")
        for entry in revisions {
            header.line("--   \(entry.id)  up \(entry.up.sha256)  chain \(entry.chainHash)")
        }
        header.line("-- Compare these with 'strata history <out-dir>', which lists the same checksums and hashes.")
        header.line("-- Run:           psql -v ON_ERROR_STOP=1 -f \(fileName)   (with your connection options;")
        header.line("--                not with -1 / --single-transaction: each revision commits on its own)")
        header.line("-- Running it again is harmless: at \(to.id) it stops with a NOTICE and exit status 0; at any")
        header.line("-- other revision than \(from?.id ?? "base") the guard stops it with an error before any change.")
        header.line("-- It holds the advisory lock of 'strata apply' for the whole run and sets lock_timeout (default")
        header.line("-- \(defaultLockTimeout); psql -v lock_timeout=30s to change it).")
        header.line("-- Every revision runs with standard_conforming_strings = on and client_encoding UTF8; a generated")
        header.line("-- revision pins TimeZone, DateStyle, IntervalStyle, extra_float_digits and bytea_output itself")
        header.line("-- (SET LOCAL at the top of its transaction); a hand-written one otherwise keeps this session's.")
        let loose = revisions.filter { !$0.transactional }.map(\.id)
        if !loose.isEmpty {
            header.line("-- Outside a transaction: some statements of \(loose.joined(separator: ", ")) (marked")
            header.line("--   -- strata:no-transaction). Those before a revision's transaction (its prefix) are safe to")
            header.line("--   repeat: if one fails, nothing of the revision is recorded; fix the cause and run this again.")
            header.line("--   Those after it (its suffix: CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, SET NOT NULL")
            header.line("--   proved by a validated check, ADD CONSTRAINT ... USING INDEX) run once the revision is recorded")
            header.line("--   with complete = false in \(versionTable.qualifiedName). If one fails, the revision stays")
            header.line("--   incomplete and the guard stops a second run of this script. To finish it: fix the cause")
            header.line("--   (for a unique index or a constraint, the offending rows), then run 'strata apply' (it")
            header.line("--   resumes the suffix), or by hand: DROP INDEX CONCURRENTLY an INVALID index, run the suffix")
            header.line("--   statements that did not run")
            header.line("--   below, then UPDATE \(versionTable.qualifiedName) SET complete = true WHERE revision = '...'.")
        }
        // The body-hash line, its check line and the end marker follow; the body starts after them.
        let firstBodyLine = header.lineCount + 4
        let bodyHash = Checksum.rawSHA256(of: Array(bodyText.utf8)).dropFirst(Checksum.prefix.count)
        header.line("-- body sha256:   \(bodyHash)")
        header.line("--                (check: tail -n +\(firstBodyLine) \(fileName) | sha256sum)")
        header.line("-- end of header")
        return header.text + bodyText
    }

    /// The settings this script makes for its own session, at the top and again after each
    /// revision's `RESET ALL`, for every revision, hand-written ones included (SPEC §4), as
    /// `strata apply` does: `'C:\temp'` is read as written, not with `\t` as a tab (psql follows the
    /// server's setting when it splits the file too), and the file's UTF-8 is read as UTF-8 whatever
    /// the client's locale says. A generated revision pins the rest itself (`PinnedSettings`).
    static let sessionSettings = [
        "SET standard_conforming_strings = on;", "SET client_encoding = 'UTF8';", "SET lock_timeout = :'lock_timeout';",
    ]

    /// Puts psql's session back to the state every revision starts from, as `apply` does: a
    /// revision's `SET`, `set_config(..., false)` or `SET ROLE` must not reach the next revision.
    static func resetSession(into body: inout ScriptText) {
        body.line("-- Back to the session every revision starts from (a revision's SET must not reach the next).")
        body.line("RESET ALL;")
        body.line("RESET SESSION AUTHORIZATION;")
        body.line("RESET ROLE;")
        for setting in sessionSettings { body.line(setting) }
    }

    /// One revision: guard, its statements (transactional runs inside BEGIN/COMMIT, marked
    /// ones alone), and its version row.
    static func renderRevision(
        _ entry: ChainEntry, up: String, number: Int, of total: Int, versionTable: VersionTable, parent: ChainEntry?,
        into body: inout ScriptText
    ) throws(ReleaseScriptError) {
        let guardSQL = guardBlock(
            versionTable, expected: parent, context: "stopping before revision \(entry.id); it was not applied")
        let lock = "LOCK TABLE \(versionTable.qualifiedName) IN SHARE ROW EXCLUSIVE MODE;"
        body.line("-- Revision \(number) of \(total): \(entry.id)")
        if entry.transactional {
            body.line("BEGIN;")
            body.line(lock)
            body.line(guardSQL)
            let scan = try scanForPsql(up, file: entry.up.file)
            body.raw(scan.text)
            if scan.endsWithoutTerminator { body.line(";") }
            body.line(versionTable.insertSQL(for: entry))
            body.line("COMMIT;")
            return
        }
        let events: [ScriptEvent]
        do {
            events = try StatementSplitter.split(up)
        } catch {
            throw .invalidScript(file: entry.up.file, error: error)
        }
        let shape = ScriptShape(events)
        if let line = shape.misplacedLines.first {
            throw .misplacedNoTransaction(file: entry.up.file, line: line)
        }
        // [prefix] alone, then [body] with the guard and the version row in one transaction, then
        // [suffix] alone and the row marked complete.
        var prefix = ScriptText()
        var group = ""
        var suffix = ScriptText()
        var number = 0
        for event in events {
            switch event {
            case .statement(let statement):
                number += 1
                switch shape.phase(ofStatement: number) {
                case .prefix:
                    prefix.line(noTransactionMarker)
                    prefix.line(statement.text + ";")
                case .body:
                    group += statement.text + ";\n"
                case .suffix:
                    suffix.line(noTransactionMarker)
                    suffix.line(statement.text + ";")
                }
            case .copyData(let bytes):
                // COPY runs in the body (a marked COPY would have no transaction to stream into).
                group += String(decoding: bytes, as: UTF8.self)
            case .copyEnd:
                group += "\\.\n"
            }
        }
        // The up script's own header (changes, hazards) is kept above its statements.
        for line in up.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("--") else { break }
            body.line(String(line))
        }
        if !shape.sessionPins.isEmpty && (shape.prefixCount > 0 || shape.hasSuffix) {
            body.line("-- The settings its transaction pins hold for its statements outside it too (reset after it).")
            for pin in shape.sessionPins { body.line(pin + ";") }
        }
        body.line("-- Statements that cannot run in a transaction come first, each alone (safe to repeat); the")
        body.line("-- online steps (concurrent index builds, validations) come after the revision's transaction,")
        body.line("-- which records it as incomplete until they have run.")
        if !prefix.text.isEmpty {
            body.line("-- Prefix of \(entry.id): run alone, before its transaction.")
            body.raw(prefix.text)
        }
        body.line("BEGIN;")
        body.line(lock)
        body.line(guardSQL)
        body.raw(group)
        body.line(versionTable.insertSQL(for: entry, complete: !shape.hasSuffix))
        body.line("COMMIT;")
        if shape.hasSuffix {
            body.line("-- Suffix of \(entry.id): run alone, after its transaction; then the revision is complete.")
            body.raw(suffix.text)
            body.line(versionTable.markCompleteSQL(revision: entry.id))
        }
    }

    /// `strata apply`'s default `--lock-timeout`.
    public static let defaultLockTimeout = "5s"

    /// Takes the session advisory lock at once or stops, naming who holds it.
    static func lockBlock(key: Int64, keyText: String) -> String {
        """
        DO $strata$
        DECLARE
            holder text;
        BEGIN
            IF NOT pg_try_advisory_lock(\(key)) THEN
                SELECT format('backend pid %s, user %s, application %s, since %s', a.pid, a.usename,
                              quote_literal(a.application_name), a.backend_start)
                    INTO holder
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.classid = ((\(key) >> 32) & 4294967295)::oid AND l.objid = (\(key) & 4294967295)::oid
                    LIMIT 1;
                RAISE EXCEPTION 'strata: another run holds the advisory lock % (%)', \(key), \(VersionTable.literal(keyText))
                    USING DETAIL = 'held by ' || coalesce(holder, 'a session that just ended'),
                          HINT = 'wait for it to finish, then run this script again; nothing was changed';
            END IF;
        END
        $strata$;
        """
    }

    /// Sets the psql variable `strata_at_target` to whether the latest version row is `target`,
    /// complete, with its chain hash.
    static func atTargetCheck(_ table: VersionTable, target: ChainEntry) -> String {
        "SELECT coalesce((SELECT revision = \(VersionTable.literal(target.id)) AND chain_hash = "
            + "\(VersionTable.literal(target.chainHash)) AND complete FROM \(table.qualifiedName) ORDER BY position DESC "
            + "LIMIT 1), false) AS strata_at_target \\gset"
    }

    /// What the release script needs to know before it passes a script to psql verbatim: whether
    /// the last statement has no `;` (apply's splitter ends it at the end of the file; in the
    /// release script psql would run it together with the version row's INSERT), and the text with
    /// pg_dump's `\restrict` / `\unrestrict` lines commented out (apply skips them; a psql older
    /// than 17.6 does not know them, and they only fence psql's own meta-commands).
    static func scanForPsql(_ script: String, file: String) throws(ReleaseScriptError)
        -> (text: String, endsWithoutTerminator: Bool)
    {
        var splitter = StatementSplitter()
        let tail: [ScriptEvent]
        do {
            _ = try splitter.feed(Array(script.utf8))
            tail = try splitter.finish()
        } catch {
            throw .invalidScript(file: file, error: error)
        }
        let endsWithoutTerminator = tail.contains { event in
            if case .statement(let statement) = event { !statement.isCopyFromStdin } else { false }
        }
        var text = script
        let skipped = Set(splitter.skippedMetaCommandLines)
        if !skipped.isEmpty {
            var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for number in skipped where number <= lines.count {
                lines[number - 1] = "-- " + lines[number - 1]
            }
            text = lines.joined(separator: "\n")
        }
        return (text, endsWithoutTerminator)
    }

    /// A DO block raising an exception unless the latest version row is `expected` with its
    /// chain hash (no row at all when `expected` is nil, base).
    static func guardBlock(_ table: VersionTable, expected: ChainEntry?, context: String) -> String {
        positionCheck(
            table, expected: expected, failure: "the database is at % (chain hash %), expected % (chain hash %)",
            raiseOptions: "USING DETAIL = \(VersionTable.literal(context)),\n"
                + "                  HINT = 'compare ''strata status'' or ''strata history'' with the database''s version table'")
    }

    /// The last block: fails unless the database ended at `expected`, else says where it is.
    static func finalCheck(_ table: VersionTable, expected: ChainEntry) -> String {
        positionCheck(
            table, expected: expected,
            failure: "final check failed: the database is at % (chain hash %), expected % (chain hash %)",
            whenMatched: "RAISE NOTICE 'strata: the database is at % (chain hash %)', current_revision, current_hash;")
    }

    /// The DO block both checks share: read the latest version row and raise `failure` (with the
    /// revision and hash found and expected) unless it is `expected`.
    private static func positionCheck(
        _ table: VersionTable, expected: ChainEntry?, failure: String, raiseOptions: String? = nil,
        whenMatched: String? = nil
    ) -> String {
        let revision = expected.map { VersionTable.literal($0.id) } ?? "NULL"
        let hash = expected.map { VersionTable.literal($0.chainHash) } ?? "NULL"
        let expectedRevision = expected.map { VersionTable.literal($0.id) } ?? "'base'"
        let expectedHash = expected.map { VersionTable.literal($0.chainHash) } ?? "'none'"
        return """
            DO $strata$
            DECLARE
                current_revision text;
                current_hash text;
            BEGIN
                SELECT revision, chain_hash INTO current_revision, current_hash
                    FROM \(table.qualifiedName) ORDER BY position DESC LIMIT 1;
                IF current_revision IS DISTINCT FROM \(revision) OR current_hash IS DISTINCT FROM \(hash) THEN
                    RAISE EXCEPTION \(VersionTable.literal("strata: " + failure)),
                        coalesce(current_revision, 'base'), coalesce(current_hash, 'none'),
                        \(expectedRevision), \(expectedHash)\(raiseOptions.map { "\n            " + $0 } ?? "");
                END IF;\(whenMatched.map { "\n    " + $0 } ?? "")
            END
            $strata$;
            """
    }
}

/// Why a release script could not be rendered.
public enum ReleaseScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--to` is not after `--from`.
    case notForward(from: String, to: String)
    /// A script does not match its recorded checksum.
    case checksumMismatch(file: String, expected: String, found: String)
    /// A script the statement splitter rejects (a psql meta-command, say).
    case invalidScript(file: String, error: ScriptError)
    /// A `-- strata:no-transaction` statement between transactional ones (`ScriptShape`).
    case misplacedNoTransaction(file: String, line: Int)
    case bundle(BundleError)

    public var description: String {
        switch self {
        case .notForward(let from, let to):
            return "--to \(to) is not after --from \(from); a release script only moves forward and holds at least one revision"
        case .checksumMismatch(let file, let expected, let found):
            return "\(file): checksum \(found) does not match the chain's \(expected); run 'strata verify'"
        case .invalidScript(let file, let error):
            return "\(file):\(error.line):\(error.column): \(error.message)"
        case .misplacedNoTransaction(let file, let line):
            return ScriptShape.misplacedExplanation(file: file, line: line)
        case .bundle(let error):
            return error.description
        }
    }
}

/// Lines of SQL text, each ending in a newline.
struct ScriptText {
    private(set) var text = ""
    private(set) var lineCount = 0

    mutating func line(_ line: String) {
        text += line + "\n"
        lineCount += line.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
    }

    mutating func blank() { line("") }

    /// Verbatim text, given a final newline if it lacks one.
    mutating func raw(_ chunk: String) {
        guard !chunk.isEmpty else { return }
        line(chunk.hasSuffix("\n") ? String(chunk.dropLast()) : chunk)
    }
}
