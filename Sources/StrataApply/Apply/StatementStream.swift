import Foundation
import StrataBundle

/// The events of one script file, read in chunks and split incrementally, so a script of any size
/// is run in flat memory (only the statement in progress is held).
struct StatementStream: ~Copyable {
    /// Bytes read per chunk.
    static let chunkSize = 256 * 1024

    let file: String
    private let handle: FileHandle
    private var splitter = StatementSplitter()
    private var pending: [ScriptEvent] = []
    private var pendingIndex = 0
    private var finished = false

    /// Opens `file` (relative to the bundle directory).
    init(context: BundleContext, file: String) throws(ApplyFailure) {
        self.file = file
        let url = context.bundle.url(of: file)
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ApplyFailure(.badInput, "cannot read \(url.relativePath): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// The next statement or COPY data event, nil at the end of the script.
    mutating func next() throws(ApplyFailure) -> ScriptEvent? {
        while pendingIndex >= pending.count {
            if finished { return nil }
            pending = []
            pendingIndex = 0
            let chunk: Data?
            do { chunk = try handle.read(upToCount: Self.chunkSize) } catch {
                throw ApplyFailure(.badInput, "cannot read \(file): \(error.localizedDescription)")
            }
            do {
                if let chunk, !chunk.isEmpty {
                    pending = try splitter.feed(chunk)
                } else {
                    pending = try splitter.finish()
                    finished = true
                }
            } catch {
                throw ApplyFailure(.badInput, "\(file):\(error.line):\(error.column): error: \(error.message)", hasLocation: true)
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    /// The next statement, skipping COPY data.
    mutating func nextStatement() throws(ApplyFailure) -> ScriptStatement? {
        while let event = try next() {
            if case .statement(let statement) = event { return statement }
        }
        return nil
    }

    /// How many statements the script has (a streaming pass of its own).
    static func count(context: BundleContext, file: String) throws(ApplyFailure) -> Int {
        var stream = try StatementStream(context: context, file: file)
        var count = 0
        while try stream.nextStatement() != nil { count += 1 }
        return count
    }
}
