public import Foundation

/// Reads a script file in 64 KiB chunks through a `StatementSplitter` and hands out its events
/// one at a time, so a script of any size is processed in flat memory.
public struct ScriptReader {
    private let handle: FileHandle
    private let chunkSize: Int
    private var splitter = StatementSplitter()
    private var pending: [ScriptEvent] = []
    private var pendingIndex = 0
    private var reachedEnd = false

    /// Opens `url` for reading.
    public init(url: URL, chunkSize: Int = 64 * 1024) throws(ScriptError) {
        precondition(chunkSize > 0)
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ScriptError(message: "cannot open \(url.path): \(error.localizedDescription)", line: 1, column: 1)
        }
        self.chunkSize = chunkSize
    }

    /// The next statement, COPY data chunk or COPY end; nil after the last one.
    public mutating func nextEvent() throws(ScriptError) -> ScriptEvent? {
        while pendingIndex == pending.count {
            if reachedEnd { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            let data: Data?
            do {
                data = try handle.read(upToCount: chunkSize)
            } catch {
                throw ScriptError(message: "cannot read script: \(error.localizedDescription)", line: 1, column: 1)
            }
            if let data, !data.isEmpty {
                pending = try splitter.feed([UInt8](data))  // one bulk copy; Data iterates slowly
            } else {
                reachedEnd = true
                try? handle.close()
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
