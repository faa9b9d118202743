@testable import StrataBundle

/// Statement texts of a script (splitting must succeed).
func splitTexts(_ script: String) throws -> [String] {
    try StatementSplitter.statements(in: script).map(\.text)
}

/// Splits `bytes` fed in chunks of `chunkSize`, merging adjacent COPY data chunks so results
/// compare independently of chunking.
func splitInChunks(_ bytes: [UInt8], chunkSize: Int) throws -> [ScriptEvent] {
    var splitter = StatementSplitter()
    var events: [ScriptEvent] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + chunkSize, bytes.count)
        events += try splitter.feed(bytes[start..<end])
        start = end
    }
    events += try splitter.finish()
    return mergingCopyData(events)
}

func mergingCopyData(_ events: [ScriptEvent]) -> [ScriptEvent] {
    var merged: [ScriptEvent] = []
    for event in events {
        if case .copyData(let more) = event, case .copyData(let previous)? = merged.last {
            merged[merged.count - 1] = .copyData(previous + more)
        } else {
            merged.append(event)
        }
    }
    return merged
}
