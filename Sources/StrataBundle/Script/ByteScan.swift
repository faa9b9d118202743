#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Bulk searches over the splitter's buffer, for the long runs of a script where only one or two
/// byte values matter (COPY data, string literals, comments, dollar-quoted bodies): libc's `memchr`
/// is vectorized, a Swift loop per byte through the lexer's state machine is an order of magnitude
/// slower, and a data revision can be gigabytes.
enum ByteScan {
    /// Index of the first `byte` in `bytes[from..<to]`, or nil.
    static func first(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// Index of the first `byte` in `bytes[from..<to]`, or nil.
    static func first(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// Index of the first `a` or `b` in `bytes[from..<to]`, or nil (for rarely used modes: a
    /// tight loop, no state machine).
    static func first(_ a: UInt8, or b: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            let byte = bytes[index]
            if byte == a || byte == b { return index }
            index += 1
        }
        return nil
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// UTF-8 continuation bytes (`10xxxxxx`) in `bytes[from..<to]`, eight bytes per step: what
    /// to subtract from a run's length to get its Unicode scalars (the splitter's columns).
    ///
    /// Each word gives 0x01 in every byte lane that matches; the lanes are added as bytes and
    /// folded into one number every 255 words (before a lane can overflow), not per word with
    /// `nonzeroBitCount`: baseline x86-64 has no POPCNT, and the library's popcount was most of
    /// the splitter's time on a script of large INSERTs.
    static func countContinuationBytes(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = from
        while index + 8 <= to {
            var lanes: UInt64 = 0
            let roundEnd = min(to, index + 255 * 8)
            while index + 8 <= roundEnd {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Bit 7 set and bit 6 clear: shifting by one moves each byte's bit 6 under its bit 7.
                lanes &+= (word & ~(word << 1) & highBits) >> 7
                index += 8
            }
            count &+= sumOfBytes(lanes)
        }
        while index < to {
            if base[index] & 0xC0 == 0x80 { count &+= 1 }
            index += 1
        }
        return count
    }

    /// The sum of the eight bytes of `lanes`: pairs into 16-bit lanes (at most 510 each), then a
    /// multiplication gathers the four into the top 16 bits (at most 2,040: no overflow).
    private static func sumOfBytes(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }
}
