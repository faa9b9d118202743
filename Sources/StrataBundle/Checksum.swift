internal import Crypto

/// File checksums of the bundle (SPEC §5): SHA-256 over a file's bytes with a leading UTF-8 BOM
/// dropped and every CRLF read as LF, so a checkout with `autocrlf` still verifies. Any other
/// byte change alters the checksum. Rendered as `sha256:` + 64 lowercase hex digits.
public enum Checksum {
    /// The prefix every checksum and chain hash carries.
    public static let prefix = "sha256:"

    /// `sha256:` + hex of the normalized bytes.
    public static func sha256(of bytes: [UInt8]) -> String {
        var accumulator = ChecksumAccumulator()
        accumulator.update(bytes)
        return accumulator.finalize()
    }

    /// `sha256:` + hex of the UTF-8 bytes of `text`.
    public static func sha256(of text: String) -> String {
        sha256(of: Array(text.utf8))
    }

    /// The bytes the checksum covers: no leading BOM, CRLF as LF. A lone CR is kept.
    public static func normalized(_ bytes: [UInt8]) -> [UInt8] {
        var normalizer = ChecksumNormalizer()
        var out: [UInt8] = []
        normalizer.feed(bytes, into: &out)
        normalizer.finish(into: &out)
        return out
    }

    /// Plain SHA-256 (no normalization) as `sha256:` + hex, for the release file's body.
    public static func rawSHA256(of bytes: [UInt8]) -> String {
        prefix + hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `Checksum.sha256(of:)` over a file fed in chunks, so a script of any size is hashed in flat
/// memory; chunk boundaries may fall anywhere, inside the BOM or between a CR and its LF.
public struct ChecksumAccumulator {
    private var hasher = SHA256()
    private var normalizer = ChecksumNormalizer()
    private var buffer: [UInt8] = []

    public init() {}

    public mutating func update(_ chunk: some Collection<UInt8>) {
        buffer.removeAll(keepingCapacity: true)
        normalizer.feed(chunk, into: &buffer)
        hasher.update(data: buffer)
    }

    /// `sha256:` + hex of everything fed so far.
    public mutating func finalize() -> String {
        buffer.removeAll(keepingCapacity: true)
        normalizer.finish(into: &buffer)
        hasher.update(data: buffer)
        return Checksum.prefix + Checksum.hex(hasher.finalize())
    }
}

/// The BOM and CRLF rule as a byte stream transformer, holding back the few bytes whose fate
/// depends on the next chunk.
struct ChecksumNormalizer {
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// The first bytes of the file, kept until it is clear whether they are a BOM.
    private var head: [UInt8] = []
    private var headSettled = false
    private var pendingCarriageReturn = false

    mutating func feed(_ chunk: some Collection<UInt8>, into out: inout [UInt8]) {
        var rest = chunk[...]
        if !headSettled {
            while head.count < 3, let byte = rest.first {
                head.append(byte)
                rest = rest.dropFirst()
            }
            guard head.count == 3 else { return }
            headSettled = true
            if head != Self.byteOrderMark { normalize(head, into: &out) }
        }
        normalize(rest, into: &out)
    }

    mutating func finish(into out: inout [UInt8]) {
        if !headSettled {
            headSettled = true
            normalize(head, into: &out)
        }
        if pendingCarriageReturn { out.append(0x0D) }
        pendingCarriageReturn = false
    }

    private mutating func normalize(_ bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        for byte in bytes {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                // CRLF becomes LF: the held CR is dropped when an LF follows it.
                if byte != 0x0A { out.append(0x0D) }
            }
            if byte == 0x0D {
                pendingCarriageReturn = true
            } else {
                out.append(byte)
            }
        }
    }
}
