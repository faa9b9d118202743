import Foundation
import StrataBundle
import StrataCore

/// The events of one script of the bundle, through `ScriptReader` (chunked reads and the
/// incremental splitter, so a script of any size runs in flat memory), with errors turned into
/// `ApplyFailure`s that name the file.
struct StatementStream {
    let file: String
    /// The file as messages show it.
    let shownPath: String
    private var reader: ScriptReader

    /// Opens `file` (relative to the bundle directory).
    init(context: BundleContext, file: String) throws(ApplyFailure) {
        self.file = file
        self.shownPath = context.shownPath(of: file)
        do { reader = try ScriptReader(url: context.bundle.url(of: file)) } catch {
            throw ApplyFailure(.badInput, "cannot read \(file): \(error.message)")
        }
    }

    /// The next statement or COPY data event, nil at the end of the script.
    mutating func next() throws(ApplyFailure) -> ScriptEvent? {
        do { return try reader.nextEvent() } catch {
            throw ApplyFailure(
                .badInput, error.message, at: SourceLocation(file: shownPath, line: error.line, column: error.column))
        }
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
