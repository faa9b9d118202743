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

    /// Newlines in `bytes[from..<to]`, and the Unicode scalars (UTF-8 lead bytes) after the last
    /// one (or in the whole run when it has none): what the run adds to a line and column.
    static func lineSpan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (newlines: Int, tailScalars: Int) {
        guard from < to, let base = bytes.baseAddress else { return (0, 0) }
        let newlines = countNewlines(bytes, from: from, to: to)
        var tailStart = from
        if newlines > 0 {
            tailStart = to
            while base[tailStart - 1] != UInt8(ascii: "\n") { tailStart -= 1 }
        }
        return (newlines, (to - tailStart) - countContinuationBytes(bytes, from: tailStart, to: to))
    }

    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// UTF-8 continuation bytes (`10xxxxxx`) in `bytes[from..<to]`, eight bytes per step.
    static func countContinuationBytes(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = from
        while index + 8 <= to {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // Bit 7 set and bit 6 clear: shifting by one moves each byte's bit 6 under its bit 7.
            count &+= (word & ~(word << 1) & highBits).nonzeroBitCount
            index += 8
        }
        while index < to {
            if base[index] & 0xC0 == 0x80 { count &+= 1 }
            index += 1
        }
        return count
    }

    /// Newlines in `bytes[from..<to]`, eight bytes per step.
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = from
        while index + 8 <= to {
            // Bytes equal to `\n` become zero; a zero byte is one whose bit 7 stays clear after
            // adding 0x7F to its low seven bits (no carry crosses into the next byte).
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            count &+= (~(((word & lowBits) &+ lowBits) | word) & highBits).nonzeroBitCount
            index += 8
        }
        while index < to {
            if base[index] == UInt8(ascii: "\n") { count &+= 1 }
            index += 1
        }
        return count
    }
}
