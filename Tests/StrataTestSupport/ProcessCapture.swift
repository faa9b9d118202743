public import Foundation

/// Runs a program to completion with stdin, stdout and stderr all going through files: with pipes,
/// a child that fills one pipe while the test reads the other blocks both for good. `whileRunning`
/// acts on the running child (a signal, once the database shows it got far enough).
public enum ProcessCapture {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
        in directory: URL? = nil, whileRunning: (Process) throws -> Void = { _ in }
    ) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-capture-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? inHandle.close()
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = inHandle
        process.standardOutput = out
        process.standardError = err
        try process.run()
        do { try whileRunning(process) } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// Polls `condition` until it holds or `seconds` pass (then throws): tests wait on what they
/// need, never for a fixed time.
public func waitUntil(_ what: String, within seconds: TimeInterval = 120, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try !condition() {
        if Date() > deadline { throw WaitTimeout(what: what) }
        // The poll interval only paces the checks; no assertion depends on it.
        usleep(20_000)
    }
}

public struct WaitTimeout: Error, Equatable, CustomStringConvertible {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "gave up waiting for: \(what)" }
}
