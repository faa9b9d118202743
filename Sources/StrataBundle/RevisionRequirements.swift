import Foundation
public import StrataCore

/// What one revision's up script needs of the server (SPEC §3.2), and how that is known.
public struct RevisionRequirements: Sendable {
    public enum Source: String, Sendable {
        /// Compiled by a strata that records requirements: `chain.json` holds them.
        case recorded
        /// Compiled before requirements were recorded: found by scanning the up script for the
        /// constructs compile records (`RequirementScanner`), at the script's lines.
        case scanned
        /// Hand-written: declared by `-- strata:requires NAME VERSION` lines in the script's
        /// leading comment block.
        case declared
        /// Hand-written and declaring nothing: strata cannot tell.
        case unknown
    }

    public var revision: ChainEntry
    public var source: Source
    public var requirements: VersionRequirements

    public init(revision: ChainEntry, source: Source, requirements: VersionRequirements) {
        self.revision = revision
        self.source = source
        self.requirements = requirements
    }

    /// The marker a hand-written script declares a requirement with: `-- strata:requires postgres 15`,
    /// `-- strata:requires vector 0.7`.
    public static let marker = "-- strata:requires"

    /// The requirements of `entry`, the revision at its position in `bundle`'s chain.
    public static func of(_ entry: ChainEntry, in bundle: MigrationBundle) throws(BundleError) -> RevisionRequirements {
        if let recorded = entry.requires {
            return RevisionRequirements(revision: entry, source: .recorded, requirements: recorded)
        }
        let url = bundle.url(of: entry.up.file)
        if isHandWritten(entry, in: bundle.chain.revisions) {
            let declared = try declaredRequirements(in: url, file: entry.up.file)
            return RevisionRequirements(
                revision: entry, source: declared.isEmpty ? .unknown : .declared, requirements: declared)
        }
        return RevisionRequirements(revision: entry, source: .scanned, requirements: try scan(url, file: entry.up.file))
    }

    /// A revision whose snapshot equals its parent's changes no declared schema: its SQL was
    /// written by hand (`compile --empty`), as `stamp` tells them apart too.
    static func isHandWritten(_ entry: ChainEntry, in chain: [ChainEntry]) -> Bool {
        entry.position > 1 && entry.position <= chain.count
            && chain[entry.position - 2].snapshot.sha256 == entry.snapshot.sha256
    }

    /// Every construct of the script, statement by statement, streamed.
    static func scan(_ url: URL, file: String) throws(BundleError) -> VersionRequirements {
        var uses: [(construct: VersionedConstruct, at: String?)] = []
        do {
            var reader = try ScriptReader(url: url)
            while let event = try reader.nextEvent() {
                guard case .statement(let statement) = event else { continue }
                for construct in RequirementScanner.constructs(in: statement.text) {
                    uses.append((construct, "\(file):\(statement.startLine)"))
                }
            }
        } catch {
            throw .io(file: file, reason: error.message)
        }
        return VersionRequirements(uses)
    }

    /// The `-- strata:requires` lines of the comment block that opens the script.
    static func declaredRequirements(in url: URL, file: String) throws(BundleError) -> VersionRequirements {
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 64 * 1024) ?? Data()
        } catch {
            throw .io(file: file, reason: "\(error)")
        }
        var uses: [(construct: VersionedConstruct, at: String?)] = []
        for (offset, line) in String(decoding: head, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { break }
            guard trimmed.hasPrefix(marker) else { continue }
            let words = trimmed.dropFirst(marker.count).split(separator: " ")
            guard words.count >= 2 else { continue }
            let name = String(words[0])
            let needs: RequiredVersion
            if name == "postgres" || name == "postgresql" {
                guard let major = Int(words[1]) else { continue }
                needs = .postgres(major)
            } else {
                guard let version = ExtensionVersion(String(words[1])) else { continue }
                needs = .extension(name: name, version: version)
            }
            // What follows the version says why (`-- strata:requires postgres 17 MERGE ... RETURNING`).
            let reason = words.dropFirst(2).joined(separator: " ")
            uses.append(
                (VersionedConstruct(declaredBy: reason.isEmpty ? "a declared requirement" : reason, needs), "\(file):\(offset + 1)"))
        }
        return VersionRequirements(uses)
    }
}
