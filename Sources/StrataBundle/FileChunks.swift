#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A file read front to back with `read(2)` into buffers allocated once and reused for every
/// chunk. Scripts can be gigabytes: `FileHandle.read(upToCount:)` allocated a fresh `Data` per
/// chunk and the copy into `[UInt8]` another, and the page faults and copies of those
/// allocations cost as much as hashing the bytes.
///
/// A class, not a `~Copyable` struct: the readers that hold it (`ScriptReader`) stay copyable,
/// and the descriptor and buffers still have one owner that closes and frees them once (`deinit`).
final class FileChunks {
    /// Bytes per chunk; every chunk but the last is full.
    let chunkSize: Int
    private let descriptor: Int32
    private let buffers: [UnsafeMutableBufferPointer<UInt8>]
    private var nextBuffer = 0

    /// Opens `path`. With `buffers` > 1 the chunks rotate through that many buffers, so a chunk
    /// stays valid while the next `buffers - 1` are read (another thread may still be hashing it).
    init(path: String, chunkSize: Int, buffers: Int = 1) throws(FileReadError) {
        precondition(chunkSize > 0 && buffers > 0)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(errno: errno) }
        self.descriptor = descriptor
        self.chunkSize = chunkSize
        self.buffers = (0..<buffers).map { _ in UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize) }
    }

    deinit {
        close(descriptor)
        for buffer in buffers { buffer.deallocate() }
    }

    /// The next chunk, empty at the end of the file. It is valid until `buffers` more calls.
    func next() throws(FileReadError) -> UnsafeBufferPointer<UInt8> {
        let buffer = buffers[nextBuffer]
        nextBuffer = (nextBuffer + 1) % buffers.count
        guard let base = buffer.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        // read(2) may return less than asked before the end (a signal, a pipe): fill the chunk,
        // so that only the last one is short.
        var filled = 0
        while filled < chunkSize {
            let count = read(descriptor, base + filled, chunkSize - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(errno: errno)
            }
            filled += count
        }
        return UnsafeBufferPointer(start: base, count: filled)
    }
}

/// Why `FileChunks` could not open or read a file: the system's message for `errno`.
struct FileReadError: Error, CustomStringConvertible {
    let description: String

    init(errno code: Int32) {
        description = String(cString: strerror(code))
    }
}
