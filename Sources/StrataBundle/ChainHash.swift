internal import Crypto
public import StrataCore

/// The chain hash of a revision: SHA-256 over length-prefixed fields, the way git hashes objects,
/// so two different splits of the same bytes never collide. Each field is written as
/// `<byte length>:<bytes>`; the fields, in order, are the domain tag `strata-chain-v1`, the
/// parent's chain hash (empty for the first revision), the id, the position, the message, the
/// up, down and snapshot checksums, the transactional flag (`true`/`false`), and the hazards
/// (one field holding each hazard length-prefixed in turn, so a reviewer reading `history`
/// cannot be shown an edited hazard list).
///
/// Covering the parent's chain hash makes editing, dropping, inserting or reordering any
/// revision break every later hash.
///
/// A revision that records its version requirements (`requires`, compiled by a strata that knows
/// them) is hashed under the tag `strata-chain-v2`, with one more field after the hazards holding
/// `VersionRequirements.hashFields` length-prefixed in turn. A revision without them keeps the v1
/// fields exactly, so bundles written before verify unchanged (SPEC §5, compatible forward).
public enum ChainHash {
    /// Versions the field list; a change of fields gets a new tag.
    public static let domainTag = "strata-chain-v1"
    /// The tag of a revision that records its version requirements.
    public static let requirementsDomainTag = "strata-chain-v2"

    /// The chain hash of `entry` given its parent's chain hash (nil for the first revision).
    /// Uses the checksums recorded in the entry, never the entry's own `chainHash`.
    public static func compute(for entry: ChainEntry, parentHash: String?) -> String {
        compute(
            parentHash: parentHash, id: entry.id, position: entry.position, message: entry.message,
            upSHA256: entry.up.sha256, downSHA256: entry.down.sha256, snapshotSHA256: entry.snapshot.sha256,
            transactional: entry.transactional, hazards: entry.hazards, requires: entry.requires)
    }

    /// The chain hash from its fields.
    public static func compute(
        parentHash: String?, id: String, position: Int, message: String, upSHA256: String, downSHA256: String,
        snapshotSHA256: String, transactional: Bool, hazards: [String], requires: VersionRequirements? = nil
    ) -> String {
        var bytes = encode([
            requires == nil ? domainTag : requirementsDomainTag, parentHash ?? "", id, String(position), message,
            upSHA256, downSHA256, snapshotSHA256, transactional ? "true" : "false",
        ])
        bytes += encode(bytes: encode(hazards))
        if let requires { bytes += encode(bytes: encode(requires.hashFields)) }
        return Checksum.prefix + Checksum.hex(SHA256.hash(data: bytes))
    }

    /// `<byte length>:<bytes>` for every field, back to back.
    static func encode(_ fields: [String]) -> [UInt8] {
        fields.flatMap { encode(bytes: Array($0.utf8)) }
    }

    /// One field: `<byte length>:<bytes>`.
    static func encode(bytes: [UInt8]) -> [UInt8] {
        Array(String(bytes.count).utf8) + [UInt8(ascii: ":")] + bytes
    }
}
