public import Foundation
public import StrataBundle
public import StrataCore

/// A verified bundle and where its bookkeeping lives: what every online command starts from.
public struct BundleContext: Sendable {
    public var bundle: MigrationBundle
    public var versionRows: VersionRows
    /// The head's snapshot, decoded by the verification (drift at the head compares with it
    /// without decoding it again: half of drift's own time on 1,000 tables).
    public var headSnapshot: Schema?

    public var chain: [ChainEntry] { bundle.chain.revisions }
    public var schema: String { bundle.chain.schema }

    /// Opens the bundle verified (`VerifiedBundle.open`): in full by default (checksums, chain
    /// hashes, parents, snapshots, statements), as a command that runs scripts needs; `.integrity`
    /// for a command that only reads the chain and a snapshot (drift, status, history), where
    /// matching checksums prove every file is what a compile or `rehash` checked in full, and
    /// splitting every script again was most of drift's own time on 1,000 tables. Any problem is
    /// bad input (exit 2) and nothing has touched a database yet.
    public static func open(at directory: URL, depth: VerificationDepth = .full) throws(ApplyFailure) -> BundleContext {
        let verified: VerifiedBundle
        do {
            verified = try VerifiedBundle.open(at: directory, allowFresh: false, depth: depth)!
        } catch {
            throw ApplyFailure(.badInput, error.description + "; nothing was run")
        }
        let bundle = verified.bundle
        // Verification decoded the head's snapshot (nil only for an empty chain).
        let table = verified.headSnapshot?.versionTable ?? Schema.base(name: bundle.chain.schema).versionTable
        return BundleContext(
            bundle: bundle, versionRows: VersionRows(schema: bundle.chain.schema, table: table),
            headSnapshot: verified.headSnapshot)
    }

    /// The version rows, checked against the chain: the applied revisions must be a prefix of it.
    /// Returns the rows and how many are applied. `waitingForWriters` first waits for a
    /// transaction writing a version row to end (`VersionRows.readAfterWriters`).
    public func appliedState(
        on connection: borrowing Connection, waitingForWriters: Bool = false
    ) throws(ApplyFailure) -> (rows: [AppliedRevision], position: Int) {
        let rows: [AppliedRevision]
        do {
            rows = waitingForWriters ? try versionRows.readAfterWriters(on: connection) : try versionRows.read(on: connection)
        } catch {
            throw .connection(error, while: "could not read \(versionRows.qualifiedName)")
        }
        do {
            return (rows, try checkAppliedHistory(rows, against: chain))
        } catch {
            throw ApplyFailure(.badInput, "refusing to run anything: \(error)")
        }
    }

    /// A file of the bundle as messages show it: under the bundle directory as the user named it.
    func shownPath(of file: String) -> String {
        let directory = bundle.displayPath
        return directory.isEmpty ? file : directory + "/" + file
    }

    /// The revision id at a position (nil = base).
    public func revisionID(at position: Int) -> String? {
        position == 0 ? nil : chain[position - 1].id
    }

    /// Refuses (exit 3) when the server falls short of what the revisions `steps` run up need.
    /// Returns the hand-written revisions among them whose requirements are unknown.
    @discardableResult
    func versionPreflight(for steps: [ApplyStep], on connection: borrowing Connection) throws(ApplyFailure) -> [ChainEntry] {
        var revisions: [RevisionRequirements] = []
        for step in steps where step.direction == .up {
            do { revisions.append(try RevisionRequirements.of(step.revision, in: bundle)) } catch {
                throw ApplyFailure(.badInput, "cannot read the requirements of \(step.revision.id): \(error)")
            }
        }
        let preflight = VersionPreflight(revisions: revisions)
        let server: VersionPreflight.ServerVersions
        do { server = try .read(extensions: preflight.extensionNames, on: connection) } catch {
            throw .connection(error, while: "could not read the server's and the extensions' versions")
        }
        if let failure = preflight.failure(on: server) { throw failure }
        return preflight.unknown
    }

    /// Every extension the revisions of `steps` declare (going up), deduplicated by name.
    func extensions(for steps: [ApplyStep]) throws(ApplyFailure) -> [Extension] {
        var byName: [String: Extension] = [:]
        for step in steps where step.direction == .up {
            do {
                for declared in try bundle.snapshotHeader(of: step.revision).extensions { byName[declared.name] = declared }
            } catch {
                throw ApplyFailure(.badInput, "cannot read the snapshot of \(step.revision.id): \(error)")
            }
        }
        return byName.keys.sorted().compactMap { byName[$0] }
    }
}
