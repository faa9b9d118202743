internal import Crypto

/// The chain hash of a revision: SHA-256 over length-prefixed fields, the way git hashes objects,
/// so two different splits of the same bytes never collide. Each field is written as
/// `<byte length>:<bytes>`; the fields, in order, are the domain tag `strata-chain-v1`, the
/// parent's chain hash (empty for the first revision), the id, the position, the message, the
/// up, down and snapshot checksums, and the transactional flag (`true`/`false`).
///
/// Covering the parent's chain hash makes editing, dropping, inserting or reordering any
/// revision break every later hash.
public enum ChainHash {
    /// Versions the field list; a change of fields gets a new tag.
    public static let domainTag = "strata-chain-v1"

    /// The chain hash of `entry` given its parent's chain hash (nil for the first revision).
    /// Uses the checksums recorded in the entry, never the entry's own `chainHash`.
    public static func compute(for entry: ChainEntry, parentHash: String?) -> String {
        compute(
            parentHash: parentHash, id: entry.id, position: entry.position, message: entry.message,
            upSHA256: entry.up.sha256, downSHA256: entry.down.sha256, snapshotSHA256: entry.snapshot.sha256,
            transactional: entry.transactional)
    }

    /// The chain hash from its fields.
    public static func compute(
        parentHash: String?, id: String, position: Int, message: String, upSHA256: String, downSHA256: String,
        snapshotSHA256: String, transactional: Bool
    ) -> String {
        let fields = [
            domainTag, parentHash ?? "", id, String(position), message, upSHA256, downSHA256, snapshotSHA256,
            transactional ? "true" : "false",
        ]
        return Checksum.prefix + Checksum.hex(SHA256.hash(data: encode(fields)))
    }

    /// `<byte length>:<bytes>` for every field, back to back.
    static func encode(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for field in fields {
            let bytes = Array(field.utf8)
            out += Array(String(bytes.count).utf8)
            out.append(UInt8(ascii: ":"))
            out += bytes
        }
        return out
    }
}
