internal import Foundation

/// Puts a revision's new files into `out/` all or nothing, so that a compile that fails (a full
/// disk, a permission, an interrupted write) or a crash at any point leaves either the old
/// bundle or the new one.
///
/// Every file is first written under a temporary name and flushed to the disk. When `out/` does
/// not exist yet (a first compile), the files are written into a hidden sibling directory
/// (`.out.tmp-<pid>`) and the commit is that directory's rename to `out/`. In an existing `out/`
/// they wait as hidden `.<name>.tmp-<pid>` files; the commit writes a pending list
/// (`.strata-pending`) naming the new files, renames them into place, renames `chain.json` last
/// (the commit point: the new revision exists once the chain lists it), flushes the directories
/// and removes the list. A crash between the first rename and `chain.json` leaves files the
/// chain does not list; `verify` does not count the ones the pending list names, and the next
/// append removes them (`recover`). On any failure before the commit point everything written is
/// removed, including the directories the transaction created.
struct BundleTransaction: Sendable {
    /// The bundle directory (`out/`).
    let directory: URL
    /// Where the files wait before the commit: `directory` itself, or its temporary sibling.
    let root: URL
    let fileSystem: BundleFileSystem
    /// Directories created, in creation order (ancestors of `out/`, the temporary sibling,
    /// `snapshots/` in an existing `out/`): removed, deepest first, when nothing is committed.
    private(set) var createdDirectories: [URL] = []
    /// The files written, relative to `out/`, in the order they were written.
    private(set) var names: [String] = []
    /// The files already renamed into place by a commit that then failed.
    private var placed: [URL] = []

    /// The list of files a commit is putting in place (see the type's summary).
    static let pendingListName = ".strata-pending"

    var isNewDirectory: Bool { root != directory }

    /// Opens a transaction on `directory`, creating what it needs to write there.
    init(directory: URL, fileSystem: BundleFileSystem) throws(BundleError) {
        self.directory = directory
        self.fileSystem = fileSystem
        if FileAccess.isDirectory(directory) {
            root = directory
            return
        }
        let parent = directory.deletingLastPathComponent()
        root = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(getpid())")
        var missing: [URL] = []
        var ancestor = parent
        while !FileAccess.exists(ancestor) && ancestor.path != "/" {
            missing.insert(ancestor, at: 0)
            ancestor = ancestor.deletingLastPathComponent()
        }
        for created in missing + [root] {
            if let failure = fileSystem.makeDirectory(created.path) {
                rollback()
                throw .io(
                    file: directory.relativePath,
                    reason: "cannot be created (\(created.path): \(BundleFileSystem.reason(failure)))")
            }
            createdDirectories.append(created)
        }
    }

    /// Where `name` (relative to `out/`) waits until the commit.
    func temporaryURL(of name: String) -> URL {
        if isNewDirectory { return root.appendingPathComponent(name) }
        let target = directory.appendingPathComponent(name)
        return target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
    }

    /// Writes `name` under its temporary name with the bytes `produce` hands out, flushed to disk.
    /// On failure, the caller rolls back.
    mutating func write(
        _ name: String, _ produce: (_ append: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(BundleError) {
        let temporary = temporaryURL(of: name)
        let folder = temporary.deletingLastPathComponent()
        if !FileAccess.exists(folder) {
            if let failure = fileSystem.makeDirectory(folder.path) {
                throw .io(file: name, reason: "cannot be written (\(BundleFileSystem.reason(failure)))")
            }
            createdDirectories.append(folder)
        }
        names.append(name)
        if let failure = fileSystem.createFile(temporary.path, produce) {
            throw .io(file: name, reason: "cannot be written (\(BundleFileSystem.reason(failure)))")
        }
    }

    /// `write` with the bytes at hand.
    mutating func write(_ name: String, bytes: [UInt8]) throws(BundleError) {
        try write(name) { append in bytes.withUnsafeBytes { append($0) } }
    }

    /// Puts every written file in place, `chain.json` last; on failure undoes what it did and
    /// what was written (the caller need not roll back).
    mutating func commit() throws(BundleError) {
        do {
            if isNewDirectory { try commitNewDirectory() } else { try commitInPlace() }
        } catch {
            rollback()
            throw error
        }
    }

    private func commitNewDirectory() throws(BundleError) {
        for folder in Set(names.map { root.appendingPathComponent($0).deletingLastPathComponent() }) {
            try check(fileSystem.syncDirectory(folder.path), directory.relativePath)
        }
        try check(fileSystem.rename(root.path, directory.path), directory.relativePath)
        // Renamed: the sibling is now `out/`, which must stay.
        try? check(
            fileSystem.syncDirectory(directory.deletingLastPathComponent().path), directory.relativePath)
    }

    private mutating func commitInPlace() throws(BundleError) {
        let pendingList = directory.appendingPathComponent(Self.pendingListName)
        let listed = names.filter { $0 != ChainFile.fileName }
        let list = Array(listed.map { $0 + "\n" }.joined().utf8)
        if let failure = fileSystem.createFile(pendingList.path, { append in list.withUnsafeBytes { append($0) } }) {
            throw .io(file: Self.pendingListName, reason: "cannot be written (\(BundleFileSystem.reason(failure)))")
        }
        let folders = Set(names.map { directory.appendingPathComponent($0).deletingLastPathComponent() })
        for folder in folders { try check(fileSystem.syncDirectory(folder.path), folder.lastPathComponent) }
        for name in names.filter({ $0 != ChainFile.fileName }) + names.filter({ $0 == ChainFile.fileName }) {
            let target = directory.appendingPathComponent(name)
            try check(fileSystem.rename(temporaryURL(of: name).path, target.path), name)
            if name == ChainFile.fileName { break }
            placed.append(target)
        }
        // Committed: the chain lists the new files. What follows only makes it durable and tidy.
        placed = []
        for folder in folders { _ = fileSystem.syncDirectory(folder.path) }
        _ = fileSystem.removeFile(pendingList.path)
    }

    private func check(_ failure: Int32?, _ name: String) throws(BundleError) {
        if let failure { throw .io(file: name, reason: "cannot be written (\(BundleFileSystem.reason(failure)))") }
    }

    /// Removes everything the transaction wrote or created. Safe to call more than once.
    mutating func rollback() {
        for target in placed { _ = fileSystem.removeFile(target.path) }
        placed = []
        if !isNewDirectory {
            for name in names { _ = fileSystem.removeFile(temporaryURL(of: name).path) }
            _ = fileSystem.removeFile(directory.appendingPathComponent(Self.pendingListName).path)
        } else {
            for name in names { _ = fileSystem.removeFile(root.appendingPathComponent(name).path) }
        }
        names = []
        for created in createdDirectories.reversed() { _ = fileSystem.removeDirectory(created.path) }
        createdDirectories = []
    }

    /// The files a pending list in `directory` names (left by a commit that was interrupted).
    static func pendingFiles(in directory: URL) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(pendingListName).path)
        else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// After an interrupted commit: removes the files its pending list names that `chain` does not
    /// list (the commit did not reach `chain.json`), then the list.
    static func recover(in directory: URL, chain: ChainFile?, fileSystem: BundleFileSystem) {
        let pending = pendingFiles(in: directory)
        guard !pending.isEmpty || FileAccess.exists(directory.appendingPathComponent(pendingListName)) else { return }
        let listed = Set((chain?.revisions ?? []).flatMap { [$0.up.file, $0.down.file, $0.snapshot.file] })
        for name in pending.subtracting(listed) where !name.contains("..") && !name.hasPrefix("/") {
            _ = fileSystem.removeFile(directory.appendingPathComponent(name).path)
        }
        _ = fileSystem.removeFile(directory.appendingPathComponent(pendingListName).path)
    }
}
