import Testing
@testable import StrataBundle
import StrataTestSupport

/// The bulk paths of the splitter (COPY data found with memchr, string literals, comments and
/// dollar bodies skipped to their next special byte) give the events and positions the per-byte
/// lexer gave, at every chunk boundary.
@Suite struct SplitterFastPathTests {
    /// COPY data whose end marker, CRLFs and near-markers fall on every chunk boundary.
    @Test func copyEndMarkerAtEveryChunkBoundary() throws {
        let data = "1\tä\r\n\\.x\n x\\.\n\\\\.\n\\.\r\r\n2\t\\N\r\n"
        let script = "COPY t (a, b) FROM STDIN;\r\n" + data + "\\.\r\nselect 'after';\n"
        let bytes = Array(script.utf8)
        for size in 1...bytes.count {
            let events = try splitInChunks(bytes, chunkSize: size)
            guard events.count == 4, case .statement(let copy) = events[0], case .statement(let after) = events[3] else {
                Issue.record("chunk size \(size): unexpected events \(events)")
                return
            }
            #expect(copy.isCopyFromStdin)
            #expect(events[1] == .copyData(Array(data.utf8)), "chunk size \(size)")
            #expect(events[2] == .copyEnd)
            #expect(after.text == "select 'after'")
            #expect(after.startLine == 9, "chunk size \(size)")
            #expect(after.startColumn == 1)
        }
    }

    @Test func copyEndMarkerWithoutNewlineAtEndOfInput() throws {
        for tail in ["\\.", "\\.\r", ""] {
            let script = "COPY t FROM STDIN;\na\nb\n" + tail
            let bytes = Array(script.utf8)
            for size in 1...bytes.count {
                let events = try splitInChunks(bytes, chunkSize: size)
                #expect(events.dropFirst() == [.copyData(Array("a\nb\n".utf8)), .copyEnd], "tail \(tail.debugDescription), chunk \(size)")
            }
        }
        // A last data line without a newline is data.
        let events = try splitInChunks(Array("COPY t FROM STDIN;\na\nlast".utf8), chunkSize: 3)
        #expect(events.dropFirst() == [.copyData(Array("a\nlast".utf8)), .copyEnd])
    }

    @Test func largeCopyDataKeepsLineNumbersAndEveryByte() throws {
        var data = ""
        for row in 0..<5000 { data += "\(row)\tvalue ; with 'quotes' and \\\\ backslash\n" }
        let script = "-- header\nCOPY t FROM STDIN;\n\(data)\\.\n  select\n 1;\n"
        let bytes = Array(script.utf8)
        for size in [1000, 4096, 65536, bytes.count] {
            let events = try splitInChunks(bytes, chunkSize: size)
            #expect(events.count == 4)
            #expect(events[1] == .copyData(Array(data.utf8)))
            guard case .statement(let last) = events[3] else {
                Issue.record("expected a statement")
                return
            }
            #expect(last.startLine == 5004)
            #expect(last.startColumn == 3)
        }
    }

    /// Long literals and comments, multi-line and multibyte, then a statement whose position is
    /// known: the bulk skips keep line and column exact.
    @Test func positionsAfterLongLiteralsAndComments() throws {
        let long = String(repeating: "ab;c ä ' \\ $x$ /*", count: 300)
        let script = "select '\(long.replacing("'", with: "''"))\nline two ä';\n"
            + "select E'\\'\(long.replacing("'", with: "\\'"))\n';\n"
            + "select \"\(long.replacing("\"", with: "\"\""))\";\n"
            + "select $q$\(long)\n\n$q$;\n"
            + "/* \(long.replacing("/*", with: "//")) /* nested ä */ \n */ -- \(long)\n"
            + "  ä; select 2;\n"
        let bytes = Array(script.utf8)
        let reference = try StatementSplitter.split(script)
        let statements = reference.compactMap { event -> ScriptStatement? in
            if case .statement(let statement) = event { statement } else { nil }
        }
        #expect(statements.count == 6)
        #expect(statements.map(\.startLine) == [1, 3, 5, 6, 11, 11])
        #expect(statements[4].text == "ä")
        #expect(statements[4].startColumn == 3)
        #expect(statements[5].startColumn == 6)
        for size in [1, 2, 3, 7, 64, 1000] {
            #expect(try splitInChunks(bytes, chunkSize: size) == reference, "chunk size \(size)")
        }
    }

    /// The eight-bytes-at-a-time count agrees with a byte loop, at every alignment and length.
    @Test func continuationCountAgreesWithAByteLoop() {
        var generator = SeededGenerator(seed: 77)
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x41, 0x7F, 0x80, 0xBF, 0xC3, 0xA4, 0xE2, 0xFF, 0x00, 0x8A]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...70, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let from = Int.random(in: 0...bytes.count, using: &generator)
            let to = Int.random(in: from...bytes.count, using: &generator)
            let expected = bytes[from..<to].filter { $0 & 0xC0 == 0x80 }.count
            bytes.withUnsafeBufferPointer { buffer in
                #expect(ByteScan.countContinuationBytes(buffer, from: from, to: to) == expected, "\(bytes) \(from)..<\(to)")
            }
        }
    }

    /// Runs long enough that a byte lane counts past 255 (the count folds every 255 words), where
    /// every byte matches or none does.
    @Test func countsAgreeWithAByteLoopOnLongRuns() {
        var generator = SeededGenerator(seed: 78)
        let runs: [[UInt8]] = [
            Array(repeating: 0x0A, count: 5000), Array(repeating: 0x80, count: 5000),
            Array(repeating: 0x41, count: 5000),
            (0..<20_000).map { _ in [0x0A, 0x41, 0xA4, 0xC3].randomElement(using: &generator)! },
        ]
        for bytes in runs {
            for (from, to) in [(0, bytes.count), (3, bytes.count - 5), (1, 2041), (7, 2048 + 7)] {
                let run = bytes[from..<to]
                bytes.withUnsafeBufferPointer { buffer in
                    #expect(
                        ByteScan.countContinuationBytes(buffer, from: from, to: to)
                            == run.filter { $0 & 0xC0 == 0x80 }.count)
                }
            }
        }
    }

    /// Without COPY data kept (what `verify` uses), the statements and COPY ends are the same,
    /// with the same positions, at every chunk size.
    @Test func skippingCopyDataKeepsStatementsAndPositions() throws {
        var data = ""
        for row in 0..<3000 { data += "\(row)\tä ; 'x' \\.\n" }
        let script = "COPY t FROM STDIN;\n\(data)\\.\nselect 1;\ncopy u from stdin;\nlast\n"
        let bytes = Array(script.utf8)
        let expected = try splitInChunks(bytes, chunkSize: bytes.count).filter {
            if case .copyData = $0 { false } else { true }
        }
        for size in [1, 7, 4096, 65536, bytes.count] {
            var splitter = StatementSplitter(keepsCopyData: false)
            var events: [ScriptEvent] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                events += try splitter.feed(bytes[start..<min(start + size, bytes.count)])
            }
            events += try splitter.finish()
            #expect(events == expected, "chunk size \(size)")
        }
    }

    /// Columns are counted only when asked for, from an anchor the buffer may have dropped in the
    /// meantime (a long comment or COPY data between statements): they stay right at every chunk
    /// size, also for errors.
    @Test func columnsSurviveDroppedBytesOnTheSameLine() throws {
        let wide = String(repeating: "ä€😀", count: 700)
        let script = "/* \(wide) */ select 'x\(wide)', 1; /* ü */ select 2;\n-- \(wide)\n  ä;\n\(wide) 'open"
        let bytes = Array(script.utf8)
        let prefixScalars = "/* \(wide) */ ".unicodeScalars.count
        for size in [1, 2, 5, 64, 1000, 4096, bytes.count] {
            var splitter = StatementSplitter()
            var events: [ScriptEvent] = []
            var error: ScriptError?
            do {
                for start in stride(from: 0, to: bytes.count, by: size) {
                    events += try splitter.feed(bytes[start..<min(start + size, bytes.count)])
                }
                events += try splitter.finish()
            } catch let caught {
                error = caught
            }
            let statements = events.compactMap { event -> ScriptStatement? in
                if case .statement(let statement) = event { statement } else { nil }
            }
            #expect(statements.map(\.startLine) == [1, 1, 3], "chunk size \(size)")
            #expect(
                statements.map(\.startColumn)
                    == [prefixScalars + 1, prefixScalars + "select 'x\(wide)', 1; /* ü */ ".unicodeScalars.count + 1, 3],
                "chunk size \(size)")
            #expect(error?.line == 4 && error?.column == wide.unicodeScalars.count + 2, "chunk size \(size)")
        }
    }
}
