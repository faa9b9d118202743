public import Foundation
import StrataCore

/// What the chain records about a script, taken in one streaming pass over the file: its
/// checksum, whether it holds any statement, and whether one must run outside a transaction.
/// Memory stays flat whatever the script's size (a data revision may be gigabytes).
public struct ScriptSummary: Hashable, Sendable {
    public var checksum: String
    public var statementCount: Int
    public var hasNonTransactionalStatement: Bool
    /// Why the splitter could not cut the script (a psql meta-command, say); `apply` would refuse
    /// it at that line. The checksum is still complete.
    public var splitError: ScriptError?
    /// The first statement a revision may not hold (`RefusedStatement`): one that would end or
    /// nest the revision's transaction (`COMMIT`, `BEGIN`, ...), with which the statements before
    /// it and the version row would commit separately, or a `COPY ... TO STDOUT`. Neither `apply`
    /// nor the release script may run the script.
    public var transactionControl: ScriptError?

    /// Reads `url` in chunks of `chunkSize` bytes, hashed on a worker thread while this one
    /// splits them (`ChecksummedChunks`); `name` is how errors refer to the file.
    public static func scan(_ url: URL, name: String) throws(BundleError) -> ScriptSummary {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missingFile(name) }
        var scan = Scan()
        let checksum: String
        do {
            let chunks = try ChecksummedChunks(path: url.path, chunkSize: chunkSize)
            while true {
                let chunk = try chunks.next()
                if chunk.isEmpty { break }
                scan.feed(chunk)
            }
            checksum = chunks.finish()
        } catch {
            throw .io(file: name, reason: "cannot be read (\(error))")
        }
        return scan.finish(checksum: checksum)
    }

    /// Large enough that the per-chunk costs (a system call, a splitter call, a hand-over to the
    /// hashing thread) vanish against the bytes, small enough to stay out of the peak memory of
    /// a gigabyte script.
    static let chunkSize = 1 << 20

    /// The same summary of a script held in memory.
    static func of(_ bytes: [UInt8]) -> ScriptSummary {
        var scan = Scan()
        bytes.withUnsafeBufferPointer { scan.feed($0) }
        return scan.finish(checksum: Checksum.sha256(of: bytes))
    }

    /// The statements' side of the summary; the checksum is computed beside it.
    private struct Scan {
        /// A summary only counts statements: COPY data is skipped, not copied out.
        var splitter = StatementSplitter(keepsCopyData: false)
        var summary = ScriptSummary(checksum: "", statementCount: 0, hasNonTransactionalStatement: false)

        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
            guard summary.splitError == nil else { return }
            do {
                count(try splitter.feed(chunk))
            } catch {
                summary.splitError = error
            }
        }

        mutating func finish(checksum: String) -> ScriptSummary {
            if summary.splitError == nil {
                do {
                    count(try splitter.finish())
                } catch {
                    summary.splitError = error
                }
            }
            summary.checksum = checksum
            return summary
        }

        /// The first refused statement and whether the marker would help, decided at the end.
        var refused: ScriptStatement?
        var hasUnmarkedNonTransactional = false

        mutating func count(_ events: [ScriptEvent]) {
            for case .statement(let statement) in events {
                summary.statementCount += 1
                if statement.isNonTransactional { summary.hasNonTransactionalStatement = true }
                if !statement.isNonTransactional && RefusedStatement.mustRunOutsideTransaction(statement.text) {
                    hasUnmarkedNonTransactional = true
                }
                if refused == nil, RefusedStatement.reason(for: statement) != nil { refused = statement }
            }
            if let refused, let reason = RefusedStatement.reason(for: refused, markerCanHelp: hasUnmarkedNonTransactional) {
                summary.transactionControl = ScriptError(
                    message: reason, line: refused.startLine, column: refused.startColumn)
            }
        }
    }
}
