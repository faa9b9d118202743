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
        var scalars = 0
        for index in tailStart..<to { scalars &+= base[index] & 0xC0 != 0x80 ? 1 : 0 }
        return (newlines, scalars)
    }

    /// Newlines in `bytes[from..<to]` (a loop the compiler vectorizes).
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        var count = 0
        for index in from..<to { count &+= base[index] == UInt8(ascii: "\n") ? 1 : 0 }
        return count
    }
}
