internal import Dispatch

/// A file read in chunks (`FileChunks`) whose checksum is computed on a worker thread while the
/// caller works on the same chunk: `verify` both hashes and splits every script, and with two
/// cores the two passes over a gigabyte script take the time of the longer one, not the sum.
///
/// Nothing is run meanwhile: `finish()` waits for the worker, so a caller that verifies before it
/// applies (SPEC §6) still has the whole checksum before the first statement goes out.
final class ChecksummedChunks: @unchecked Sendable {
    // @unchecked: `chunks` is touched only by the caller's thread, `accumulator` only on `queue`;
    // a buffer passes from the one to the other through `idleBuffers`.
    private let chunks: FileChunks
    private var accumulator = ChecksumAccumulator()
    private let queue = DispatchQueue(label: "strata.checksum")
    /// Buffers the worker is done with: `next()` takes one before it reads into it, the worker
    /// gives it back once it has hashed it.
    private let idleBuffers: DispatchSemaphore

    /// Opens `path`; two buffers, so the next chunk is read while the worker hashes the last.
    init(path: String, chunkSize: Int) throws(FileReadError) {
        let buffers = 2
        chunks = try FileChunks(path: path, chunkSize: chunkSize, buffers: buffers)
        idleBuffers = DispatchSemaphore(value: buffers)
    }

    /// The next chunk, empty at the end of the file; valid until the next call. It is hashed
    /// meanwhile: the caller only reads it.
    func next() throws(FileReadError) -> UnsafeBufferPointer<UInt8> {
        idleBuffers.wait()
        let chunk: UnsafeBufferPointer<UInt8>
        do { chunk = try chunks.next() } catch {
            idleBuffers.signal()
            throw error
        }
        guard !chunk.isEmpty else {
            idleBuffers.signal()
            return chunk
        }
        // The closure keeps `self`, and with it the buffer, alive until it has run.
        let lent = LentChunk(bytes: chunk)
        queue.async {
            self.accumulator.update(lent.bytes)
            self.idleBuffers.signal()
        }
        return chunk
    }

    /// `sha256:` + hex of every chunk read so far, once the worker has hashed them all.
    func finish() -> String {
        queue.sync { accumulator.finalize() }
    }
}

/// A chunk handed to the worker thread; `idleBuffers` keeps the reader from refilling it first.
private struct LentChunk: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}
