/// The advisory lock key that `strata apply`, `strata stamp` and the release script (`strata
/// bundle`) take for a managed schema: one definition, so that every way of moving a database
/// excludes every other.
///
/// The key is the first 8 bytes of SHA-256("strata:" + schema) as a big-endian signed 64-bit
/// integer. A DBA can compute it in SQL:
/// `SELECT ('x' || left(encode(sha256(convert_to('strata:<schema>', 'UTF8')), 'hex'), 16))::bit(64)::bigint;`
/// (a test checks that this query and `value` agree).
public struct ApplyLockKey: Sendable, Hashable {
    /// The managed schema the key is derived from.
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// What the key is the hash of.
    public var text: String { "strata:" + schema }

    /// The key, as `pg_advisory_lock(bigint)` takes it.
    public var value: Int64 {
        let hex = Checksum.rawSHA256(of: Array(text.utf8)).dropFirst(Checksum.prefix.count).prefix(16)
        return Int64(bitPattern: UInt64(hex, radix: 16) ?? 0)
    }

    /// How a bigint advisory key shows in `pg_locks`: `classid` holds the high 32 bits, `objid`
    /// the low 32 bits, and `objsubid` is 1.
    public var pgLocksIDs: (classid: UInt32, objid: UInt32) {
        (UInt32(truncatingIfNeeded: value >> 32), UInt32(truncatingIfNeeded: value))
    }
}
