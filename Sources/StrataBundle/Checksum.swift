internal import Crypto
import Foundation

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

    /// The checksum of the file at `url`, read in 1 MiB chunks (a script may be gigabytes); `name`
    /// is how errors refer to it.
    static func sha256(ofFileAt url: URL, name: String) throws(BundleError) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missingFile(name) }
        var accumulator = ChecksumAccumulator()
        do {
            let chunks = try FileChunks(path: url.path, chunkSize: 1 << 20)
            while true {
                let chunk = try chunks.next()
                if chunk.isEmpty { break }
                accumulator.update(chunk)
            }
        } catch {
            throw .io(file: name, reason: "cannot be read (\(error))")
        }
        return accumulator.finalize()
    }

    /// The bytes the checksum covers: no leading BOM, CRLF as LF. A lone CR is kept.
    static func normalized(_ bytes: [UInt8]) -> [UInt8] {
        var normalizer = ChecksumNormalizer()
        var out: [UInt8] = []
        bytes.withUnsafeBytes { normalizer.feed($0) { out.append(contentsOf: $0) } }
        normalizer.finish { out.append(contentsOf: $0) }
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

    public init() {}

    public mutating func update(_ chunk: [UInt8]) {
        chunk.withUnsafeBufferPointer { update($0) }
    }

    mutating func update(_ chunk: UnsafeBufferPointer<UInt8>) {
        normalizer.feed(UnsafeRawBufferPointer(chunk)) { hasher.update(bufferPointer: $0) }
    }

    /// `sha256:` + hex of everything fed so far.
    public mutating func finalize() -> String {
        normalizer.finish { hasher.update(bufferPointer: $0) }
        return Checksum.prefix + Checksum.hex(hasher.finalize())
    }
}

/// The BOM and CRLF rule as a stream transformer. It hands out runs of the input unchanged
/// between carriage returns (no per-byte copying: scripts can be gigabytes) and holds back the
/// few bytes whose fate depends on the next chunk.
struct ChecksumNormalizer {
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let carriageReturn: [UInt8] = [0x0D]
    /// The first bytes of the file, kept until it is clear whether they are a BOM.
    private var head: [UInt8] = []
    private var headSettled = false
    private var pendingCarriageReturn = false

    mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        var rest = chunk[...]
        if !headSettled {
            while head.count < 3, let byte = rest.first {
                head.append(byte)
                rest = rest.dropFirst()
            }
            guard head.count == 3 else { return }
            headSettled = true
            if head != Self.byteOrderMark {
                head.withUnsafeBytes { normalize($0[...], emit: emit) }
            }
        }
        normalize(rest, emit: emit)
    }

    mutating func finish(emit: (UnsafeRawBufferPointer) -> Void) {
        if !headSettled {
            headSettled = true
            head.withUnsafeBytes { normalize($0[...], emit: emit) }
        }
        if pendingCarriageReturn { Self.carriageReturn.withUnsafeBytes(emit) }
        pendingCarriageReturn = false
    }

    private mutating func normalize(_ bytes: Slice<UnsafeRawBufferPointer>, emit: (UnsafeRawBufferPointer) -> Void) {
        var start = bytes.startIndex
        let end = bytes.endIndex
        guard start < end else { return }
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            // CRLF becomes LF: the held CR is dropped when an LF follows it.
            if bytes[start] != 0x0A { Self.carriageReturn.withUnsafeBytes(emit) }
        }
        let base = bytes.base
        while let cr = ByteScan.first(0x0D, in: base, from: start, to: end) {
            if cr > start { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<cr])) }
            if cr + 1 == end {
                pendingCarriageReturn = true
                return
            }
            if bytes[cr + 1] != 0x0A { Self.carriageReturn.withUnsafeBytes(emit) }
            start = cr + 1
        }
        emit(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
    }
}
