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
    /// directory, then renamed over the target, so a reader never sees half a file.
    /// Returns true when it wrote.
    @discardableResult
    static func writeIfChanged(_ bytes: [UInt8], to url: URL, name: String) throws(BundleError) -> Bool {
        if let existing = try? Data(contentsOf: url), Array(existing) == bytes { return false }
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Written from the array's own storage: a snapshot can be hundreds of megabytes.
            try bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return try Data().write(to: temporary) }
                try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none)
                    .write(to: temporary)
            }
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw BundleError.io(file: name, reason: "cannot be replaced (\(reason))")
            }
        } catch let error as BundleError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .io(file: name, reason: "cannot be written (\(error.localizedDescription))")
        }
        return true
    }

    /// Writes a new file whose bytes come in pieces, so that a snapshot of hundreds of megabytes
    /// is never held whole: `produce` is handed a function that appends to a temporary file in
    /// the same directory. The file waits under that name until `commit()` renames it over `url`
    /// or `discard()` removes it.
    static func stageInPieces(
        to url: URL, name: String, _ produce: (_ append: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(BundleError) -> StagedFile {
        let directory = url.deletingLastPathComponent()
        var createdDirectories: [URL] = []
        var missing = directory
        while !exists(missing) {
            createdDirectories.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(file: name, reason: "cannot be written (\(error.localizedDescription))")
        }
        let staged = StagedFile(
            temporary: directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())"), target: url,
            name: name, createdDirectories: createdDirectories)
        let descriptor = open(staged.temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            let reason = errno
            staged.discard()
            throw .io(file: name, reason: "cannot be written (\(String(cString: strerror(reason))))")
        }
        var failure: Int32?
        produce { piece in
            var offset = 0
            while failure == nil, offset < piece.count {
                let written = write(descriptor, piece.baseAddress! + offset, piece.count - offset)
                if written < 0 {
                    if errno != EINTR { failure = errno }
                } else {
                    offset += written
                }
            }
        }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure {
            staged.discard()
            throw .io(file: name, reason: "cannot be written (\(String(cString: strerror(failure))))")
        }
        return staged
    }
}

/// A file written under a temporary name beside its place, waiting to be put there.
struct StagedFile: Sendable {
    let temporary: URL
    let target: URL
    /// How errors refer to it.
    let name: String
    /// The directories the staging created, deepest first: `discard()` removes them when empty,
    /// so a compile that writes nothing leaves no `out/` behind.
    let createdDirectories: [URL]

    /// Renames the file into place.
    func commit() throws(BundleError) {
        guard rename(temporary.path, target.path) == 0 else {
            let reason = errno
            discard()
            throw .io(file: name, reason: "cannot be written (\(String(cString: strerror(reason))))")
        }
    }

    /// Removes the temporary file, if it is still there, and the directories staging created.
    func discard() {
        unlink(temporary.path)
        for directory in createdDirectories { rmdir(directory.path) }
    }
}
