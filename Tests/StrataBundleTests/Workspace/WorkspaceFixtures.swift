import Foundation
import StrataTestSupport
@testable import StrataBundle

/// Schema directories and bundle listings for the workspace tests.
enum Workspace {
    /// A schema directory (`<root>/schema`) with one settings file and the tables named.
    static func schemaDirectory(in root: URL, tables: [String]) throws -> URL {
        let schema = root.appendingPathComponent("schema")
        try FileManager.default.createDirectory(
            at: schema.appendingPathComponent("tables"), withIntermediateDirectories: true)
        try Data("schema:\n  name: negentropy\n".utf8).write(to: schema.appendingPathComponent("negentropy.yaml"))
        for table in tables {
            try Data("tables:\n  \(table):\n    columns:\n      id: { type: bigint, primary_key: true }\n".utf8)
                .write(to: schema.appendingPathComponent("tables/\(table).yaml"))
        }
        return schema
    }

    /// Every file and directory under `directory`, hidden ones included, with each file's bytes.
    static func listing(_ directory: URL) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let names = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []
        for name in names {
            let url = directory.appendingPathComponent(name)
            result[name] = FileAccess.isDirectory(url) ? [] : Array((try? Data(contentsOf: url)) ?? Data())
        }
        return result
    }
}

/// A disk that fails its `failAt`-th change (1-based: a file created, a directory made, a rename,
/// a directory flushed) with ENOSPC. When `crashes`, every change from then on (removals
/// included) is skipped too, as if the process had died there.
final class FaultyDisk: @unchecked Sendable {
    let failAt: Int
    let crashes: Bool
    private let lock = NSLock()
    private var changes = 0
    private(set) var failed = false

    init(failAt: Int, crashes: Bool = false) {
        self.failAt = failAt
        self.crashes = crashes
    }

    /// True when this change must fail.
    private func shouldFail(removal: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if failed && crashes { return true }
        if removal { return false }
        changes += 1
        if changes == failAt { failed = true }
        return changes == failAt
    }

    var fileSystem: BundleFileSystem {
        let real = BundleFileSystem.posix
        return BundleFileSystem(
            createFile: { path, produce in
                if self.shouldFail(removal: false) {
                    // A full disk: part of the file may be there.
                    if !self.crashes { _ = real.createFile(path) { _ in } }
                    return ENOSPC
                }
                return real.createFile(path, produce)
            },
            makeDirectory: { self.shouldFail(removal: false) ? ENOSPC : real.makeDirectory($0) },
            rename: { self.shouldFail(removal: false) ? ENOSPC : real.rename($0, $1) },
            syncDirectory: { self.shouldFail(removal: false) ? EIO : real.syncDirectory($0) },
            removeFile: { self.shouldFail(removal: true) ? EIO : real.removeFile($0) },
            removeDirectory: { self.shouldFail(removal: true) ? EIO : real.removeDirectory($0) })
    }
}
