public import Foundation

/// Reads a script file in chunks (`FileChunks`: one reused buffer) through a `StatementSplitter`
/// and hands out its events one at a time, so a script of any size is processed in flat memory.
public struct ScriptReader {
    private let chunks: FileChunks
    private var splitter = StatementSplitter()
    private var pending: [ScriptEvent] = []
    private var pendingIndex = 0
    private var reachedEnd = false

    /// Opens `url` for reading. The default chunk is as large as a COPY data event, so the data
    /// of one chunk goes out as one CopyData message (and a tail piece of at most a line).
    public init(url: URL, chunkSize: Int = StatementSplitter.copyFlushSize) throws(ScriptError) {
        precondition(chunkSize > 0)
        do {
            chunks = try FileChunks(path: url.path, chunkSize: chunkSize)
        } catch {
            throw ScriptError(message: "cannot open \(url.path): \(error)", line: 1, column: 1)
        }
    }

    /// The next statement, COPY data chunk or COPY end; nil after the last one.
    public mutating func nextEvent() throws(ScriptError) -> ScriptEvent? {
        while pendingIndex == pending.count {
            if reachedEnd { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            let chunk: UnsafeBufferPointer<UInt8>
            do {
                chunk = try chunks.next()
            } catch {
                throw ScriptError(message: "cannot read script: \(error)", line: 1, column: 1)
            }
            if !chunk.isEmpty {
                pending = try splitter.feed(chunk)
            } else {
                reachedEnd = true
                pending = try splitter.finish()
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    /// Every event of the script (convenience for small scripts and tests).
    public mutating func readAll() throws(ScriptError) -> [ScriptEvent] {
        var events: [ScriptEvent] = []
        while let event = try nextEvent() { events.append(event) }
        return events
    }
}
