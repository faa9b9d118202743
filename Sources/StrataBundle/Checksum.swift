internal import Crypto

/// File checksums of the bundle (SPEC §5): SHA-256 over a file's bytes with a leading UTF-8 BOM
/// dropped and every CRLF read as LF, so a checkout with `autocrlf` still verifies. Any other
/// byte change alters the checksum. Rendered as `sha256:` + 64 lowercase hex digits.
public enum Checksum {
    /// The prefix every checksum and chain hash carries.
    public static let prefix = "sha256:"

    /// `sha256:` + hex of the normalized bytes.
    public static func sha256(of bytes: [UInt8]) -> String {
        prefix + hex(SHA256.hash(data: normalized(bytes)))
    }

    /// `sha256:` + hex of the UTF-8 bytes of `text`.
    public static func sha256(of text: String) -> String {
        sha256(of: Array(text.utf8))
    }

    /// The bytes the checksum covers: no leading BOM, CRLF as LF. A lone CR is kept.
    public static func normalized(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - start)
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                index += 1  // the LF that follows is appended on the next turn
                continue
            }
            out.append(byte)
            index += 1
        }
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
