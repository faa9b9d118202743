internal import Foundation
public import StrataCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why SCHEMA_DIR could not be read: one line per problem, each naming its path.
public struct SchemaDirectoryError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }
    public init(description: String) { self.problems = [description] }

    public var description: String { problems.joined(separator: "\n") }
}

/// SCHEMA_DIR: the `*.yaml` / `*.yml` files under it, read for the compile pipeline.
public enum SchemaDirectory {
    /// The largest schema file read: 64 MiB, about 15,000 tables of ten columns. A larger file is
    /// refused before it is read (it is almost surely not a schema, and parsing it whole would take
    /// many times its size in memory); split the schema into several files instead.
    public static let maximumFileSize = 64 << 20

    /// Every `*.yaml` / `*.yml` file under `directory`, recursively, in sorted path order. Paths
    /// are shown as the user spelled the directory (`schema/tables/memories.yaml`), or relative to
    /// the current directory when an absolute path lies under it. Hidden files and directories are
    /// skipped.
    ///
    /// A symbolic link to a directory is followed as long as the directories still form a tree:
    /// a link back to a directory that contains it (a loop) and a second way into a directory
    /// already read (its tables would be declared twice) are errors naming the link.
    ///
    /// A schema file that cannot be read is an error, never silently left out (its tables would
    /// vanish from the compile and the next revision would drop them): a name that is not UTF-8, a
    /// `*.yaml` symlink that dangles or loops, a file or directory that cannot be opened, a file
    /// over `maximumFileSize`. All such problems are reported at once. A file whose first byte
    /// cannot begin YAML text (a control character, a byte that starts no UTF-8 character) is
    /// not read past that byte: the loader reports it at 1:1.
    public static func read(_ directory: String) throws(SchemaDirectoryError) -> [SourceFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw SchemaDirectoryError(
                description: "\(directory): not a directory (SCHEMA_DIR must hold the *.yaml schema files)")
        }
        let prefix = displayPrefix(for: directory)
        var walk = SchemaDirectoryWalk(root: directory, prefix: prefix)
        walk.visit(relative: [])
        walk.followLinks()
        guard walk.problems.isEmpty else { throw SchemaDirectoryError(walk.problems.sorted()) }
        let relativePaths = walk.found.sorted()
        guard !relativePaths.isEmpty else {
            throw SchemaDirectoryError(description: "\(directory): no *.yaml or *.yml files found")
        }
        var files: [SourceFile] = []
        var problems: [String] = []
        for relative in relativePaths {
            switch readSchemaFile(walk.fullPath(relative)) {
            case .success(let contents): files.append(SourceFile(path: prefix + relative, contents: contents))
            case .failure(let problem): problems.append("\(prefix + relative): \(problem.reason)")
            }
        }
        guard problems.isEmpty else { throw SchemaDirectoryError(problems) }
        return files
    }

    /// Why one file was not read: the text after `path: `.
    struct FileProblem: Error { var reason: String }

    /// The file's bytes: its size checked before anything is read, and only the first byte when
    /// that byte cannot begin a YAML text.
    static func readSchemaFile(_ path: String) -> Result<[UInt8], FileProblem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileProblem(reason: "cannot be read (\(reason(errno)))")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(FileProblem(reason: "cannot be read (\(reason(errno)))"))
        }
        let size = Int(info.st_size)
        if size > maximumFileSize {
            return .failure(
                FileProblem(
                    reason: "\(mebibytes(size)) is over the \(mebibytes(maximumFileSize)) limit for one schema file; "
                        + "split its tables over several files under the schema directory"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 1)
        var chunk = [UInt8](repeating: 0, count: 1)
        while true {
            let got = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(FileProblem(reason: "cannot be read (\(reason(errno)))"))
            }
            if got == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<got])
            if bytes.count == got && !canBeginText(bytes[0]) { return .success(bytes) }
            // The file may grow while it is read: the limit holds for what is read.
            if bytes.count > maximumFileSize {
                return .failure(FileProblem(reason: "grew over the \(mebibytes(maximumFileSize)) limit while read"))
            }
            if chunk.count == 1 { chunk = [UInt8](repeating: 0, count: 1 << 20) }
        }
    }

    /// Whether a file may start with `byte`: not a control character other than tab and line
    /// breaks, and a byte that begins a UTF-8 character.
    static func canBeginText(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20, 0x7F: false
        case 0x80...0xC1, 0xF5...0xFF: false
        default: true
        }
    }

    static func mebibytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The directory as shown before each file's relative path: `schema/`, nothing for `.`.
    static func displayPrefix(for directory: String) -> String {
        var shown = directory
        let cwd = FileManager.default.currentDirectoryPath
        if shown.hasPrefix("/") && shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
        while shown.hasSuffix("/") && shown.count > 1 { shown.removeLast() }
        while shown.hasPrefix("./") { shown = String(shown.dropFirst(2)) }
        if shown == "." || shown.isEmpty { return "" }
        return shown + "/"
    }
}

/// A recursive walk with `readdir`, which gives names as raw bytes: Foundation's enumerator
/// drops or mangles names that are not UTF-8, so such a file would vanish unreported.
private struct SchemaDirectoryWalk {
    /// A directory's identity, whatever path reaches it.
    struct DirectoryKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    let root: String
    let prefix: String
    var found: [String] = []
    var problems: [String] = []
    /// Every directory read, with the path it was read under.
    var visited: [DirectoryKey: String] = [:]
    /// Symbolic links to directories, read after the directories themselves (`followLinks`), so
    /// that of two ways into a directory the link is the one reported.
    var links: [[String]] = []

    func fullPath(_ relative: String) -> String {
        relative.isEmpty ? root : (root.hasSuffix("/") ? root + relative : root + "/" + relative)
    }

    mutating func visit(relative: [String]) {
        let directory = relative.joined(separator: "/")
        var info = stat()
        guard stat(fullPath(directory), &info) == 0 else {
            problems.append("\(shown(directory)): cannot be read (\(SchemaDirectory.reason(errno)))")
            return
        }
        let key = DirectoryKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let first = visited[key] {
            // Only a link reaches a directory twice; it loops when it leads to one that contains it.
            if first.isEmpty || directory.hasPrefix(first + "/") {
                problems.append(
                    "\(shown(directory)): symbolic link loop (it leads back to \(shown(first)), which contains it); "
                        + "remove the link")
            } else {
                problems.append(
                    "\(shown(directory)): a second way into \(shown(first)), already read (its tables would be "
                        + "declared twice); remove the link")
            }
            return
        }
        visited[key] = directory
        guard let handle = opendir(fullPath(directory)) else {
            problems.append("\(shown(directory)): cannot be read (\(SchemaDirectory.reason(errno)))")
            return
        }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(handle)
        // Sorted, so which of two ways into a directory counts as the second does not depend on
        // the file system's order.
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for (bytes, type) in entries {
            guard bytes.first != UInt8(ascii: ".") else { continue }  // hidden, `.` and `..`
            let isSchemaName = hasSuffix(bytes, ".yaml") || hasSuffix(bytes, ".yml")
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let lossy = String(decoding: bytes, as: UTF8.self)
                let path = shown(directory.isEmpty ? lossy : directory + "/" + lossy)
                if isSchemaName || type == UInt8(DT_DIR) || type == UInt8(DT_LNK) {
                    problems.append(
                        "\(path): the name is not valid UTF-8; rename it (schema paths appear in diagnostics and must be text)")
                }
                continue
            }
            let child = relative + [name]
            let childPath = child.joined(separator: "/")
            if type == UInt8(DT_DIR) {
                visit(relative: child)
                continue
            }
            guard type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) || isSchemaName else { continue }
            // A symbolic link, a schema file, or a type the file system leaves to stat.
            var info = stat()
            if stat(fullPath(childPath), &info) != 0 {
                let reason = errno
                var isLink = type == UInt8(DT_LNK)
                if type == UInt8(DT_UNKNOWN) {
                    var own = stat()
                    isLink = lstat(fullPath(childPath), &own) == 0 && (own.st_mode & S_IFMT) == S_IFLNK
                }
                // A dangling link not named like a schema file could have been a directory: reported too.
                guard isSchemaName || isLink else { continue }
                switch reason {
                case ELOOP:
                    problems.append("\(shown(childPath)): symbolic link loop; fix or remove the link")
                case ENOENT:
                    problems.append(
                        "\(shown(childPath)): broken symbolic link to \(linkTarget(childPath)); fix or remove the link")
                default:
                    problems.append("\(shown(childPath)): cannot be read (\(SchemaDirectory.reason(reason)))")
                }
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                var own = stat()
                let isLink = lstat(fullPath(childPath), &own) == 0 && (own.st_mode & S_IFMT) == S_IFLNK
                if isLink { links.append(child) } else { visit(relative: child) }
                continue
            }
            if isSchemaName { found.append(childPath) }
        }
    }

    /// Reads the directories symbolic links lead to, once the real tree is read (links found in
    /// them are followed in turn).
    mutating func followLinks() {
        while !links.isEmpty { visit(relative: links.removeFirst()) }
    }

    func shown(_ relative: String) -> String {
        relative.isEmpty ? (prefix.isEmpty ? "." : String(prefix.dropLast())) : prefix + relative
    }

    func linkTarget(_ relative: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(fullPath(relative), &buffer, Int(PATH_MAX))
        guard count >= 0 else { return "a missing file" }
        return "`" + String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) + "`"
    }

    func hasSuffix(_ bytes: [UInt8], _ suffix: String) -> Bool {
        bytes.count > suffix.utf8.count && bytes.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    }
}

/// `read(2)`, out of reach of `SchemaDirectory.read`.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
