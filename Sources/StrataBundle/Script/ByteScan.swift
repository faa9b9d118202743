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
        // One pass counts both: a run without a newline (most often a string literal) is done.
        let counts = countNewlinesAndContinuationBytes(base, from: from, to: to)
        if counts.newlines == 0 { return (0, (to - from) - counts.continuationBytes) }
        var tailStart = to
        while base[tailStart - 1] != UInt8(ascii: "\n") { tailStart -= 1 }
        return (counts.newlines, (to - tailStart) - countContinuationBytes(bytes, from: tailStart, to: to))
    }

    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// UTF-8 continuation bytes (`10xxxxxx`) in `bytes[from..<to]`, eight bytes per step.
    static func countContinuationBytes(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var (count, index) = countMatchingBytes(base, from: from, to: to, continuationMatches)
        while index < to {
            if base[index] & 0xC0 == 0x80 { count &+= 1 }
            index += 1
        }
        return count
    }

    /// Newlines in `bytes[from..<to]`, eight bytes per step.
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var (count, index) = countMatchingBytes(base, from: from, to: to, newlineMatches)
        while index < to {
            if base[index] == UInt8(ascii: "\n") { count &+= 1 }
            index += 1
        }
        return count
    }

    /// `countNewlines` and `countContinuationBytes` in one pass over `base[from..<to]`.
    private static func countNewlinesAndContinuationBytes(
        _ base: UnsafePointer<UInt8>, from: Int, to: Int
    ) -> (newlines: Int, continuationBytes: Int) {
        var newlines = 0
        var continuations = 0
        var index = from
        while index + 8 <= to {
            var newlineLanes: UInt64 = 0
            var continuationLanes: UInt64 = 0
            let roundEnd = min(to, index + 255 * 8)
            while index + 8 <= roundEnd {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                newlineLanes &+= newlineMatches(word)
                continuationLanes &+= continuationMatches(word)
                index += 8
            }
            newlines &+= sumOfBytes(newlineLanes)
            continuations &+= sumOfBytes(continuationLanes)
        }
        while index < to {
            if base[index] == UInt8(ascii: "\n") { newlines &+= 1 }
            if base[index] & 0xC0 == 0x80 { continuations &+= 1 }
            index += 1
        }
        return (newlines, continuations)
    }

    /// 0x01 in each byte lane of `word` that holds a newline. Bytes equal to `\n` become zero; a
    /// zero byte is one whose bit 7 stays clear after adding 0x7F to its low seven bits (no carry
    /// crosses into the next byte).
    @inline(__always)
    private static func newlineMatches(_ word: UInt64) -> UInt64 {
        let zeroIfNewline = word ^ 0x0A0A_0A0A_0A0A_0A0A
        return (~(((zeroIfNewline & lowBits) &+ lowBits) | zeroIfNewline) & highBits) >> 7
    }

    /// 0x01 in each byte lane of `word` that holds a UTF-8 continuation byte: bit 7 set and bit 6
    /// clear (shifting by one moves each byte's bit 6 under its bit 7).
    @inline(__always)
    private static func continuationMatches(_ word: UInt64) -> UInt64 {
        (word & ~(word << 1) & highBits) >> 7
    }

    /// Sums `matches` (0x01 in each byte lane that matches, 0x00 elsewhere) over the whole words
    /// of `base[from..<to]`; returns the sum and where the words stopped. The lanes are added
    /// as bytes and folded into one number every 255 words (before a lane can overflow), not per
    /// word with `nonzeroBitCount`: baseline x86-64 has no POPCNT, and the library's popcount
    /// was most of the splitter's time on a script of large INSERTs.
    @inline(__always)
    private static func countMatchingBytes(
        _ base: UnsafePointer<UInt8>, from: Int, to: Int, _ matches: (UInt64) -> UInt64
    ) -> (count: Int, next: Int) {
        var count = 0
        var index = from
        while index + 8 <= to {
            var lanes: UInt64 = 0
            let roundEnd = min(to, index + 255 * 8)
            while index + 8 <= roundEnd {
                lanes &+= matches(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                index += 8
            }
            count &+= sumOfBytes(lanes)
        }
        return (count, index)
    }

    /// The sum of the eight bytes of `lanes`: pairs into 16-bit lanes (at most 510 each), then a
    /// multiplication gathers the four into the top 16 bits (at most 2,040: no overflow).
    private static func sumOfBytes(_ lanes: UInt64) -> Int {
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }
}
