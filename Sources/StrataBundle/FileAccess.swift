internal import Foundation

/// Disk access for the bundle: reads, listings, and atomic only-if-changed writes.
enum FileAccess {
    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The file's bytes; `name` is how errors refer to it.
    static func read(_ url: URL, name: String) throws(BundleError) -> [UInt8] {
        guard exists(url) else { throw .missingFile(name) }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw .io(file: name, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Names of the regular files directly inside `directory`, sorted; empty when it is absent.
    static func fileNames(in directory: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { !isDirectory(directory.appendingPathComponent($0)) }.sorted()
    }

    /// Writes `bytes` unless the file already holds exactly them: to a temporary file in the same
    /// directory, flushed, then renamed over the target, so a reader never sees half a file.
    /// Returns true when it wrote.
    @discardableResult
    static func writeIfChanged(
        _ bytes: [UInt8], to url: URL, name: String, fileSystem: BundleFileSystem = .posix
    ) throws(BundleError) -> Bool {
        if let existing = try? Data(contentsOf: url), Array(existing) == bytes { return false }
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        // Written from the array's own storage: a file can be hundreds of megabytes.
        if let failure = fileSystem.createFile(temporary.path, { append in bytes.withUnsafeBytes { append($0) } }) {
            _ = fileSystem.removeFile(temporary.path)
            throw .io(file: name, reason: "cannot be written (\(BundleFileSystem.reason(failure)))")
        }
        if let failure = fileSystem.rename(temporary.path, url.path) {
            _ = fileSystem.removeFile(temporary.path)
            throw .io(file: name, reason: "cannot be replaced (\(BundleFileSystem.reason(failure)))")
        }
        _ = fileSystem.syncDirectory(directory.path)
        return true
    }
}
