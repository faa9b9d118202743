import Foundation
import StrataCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why SCHEMA_DIR could not be read: one line per problem, each naming its path.
struct SchemaDirectoryError: Error, CustomStringConvertible {
    var problems: [String]

    init(_ problems: [String]) { self.problems = problems }
    init(description: String) { self.problems = [description] }

    var description: String { problems.joined(separator: "\n") }
}

/// Every `*.yaml` / `*.yml` file under `directory`, recursively, in sorted path order. Paths are
/// shown as the user spelled the directory (`schema/tables/memories.yaml`), or relative to the
/// current directory when an absolute path lies under it. Hidden files and directories are skipped,
/// and symlinked directories are not followed.
///
/// A schema file that cannot be read is an error, never silently left out (its tables would
/// vanish from the compile and the next revision would drop them): a name that is not UTF-8, a
/// `*.yaml` symlink that dangles or loops, a file or directory that cannot be opened. All such
/// problems are reported at once.
func readSchemaDirectory(_ directory: String) throws(SchemaDirectoryError) -> [SourceFile] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw SchemaDirectoryError(description: "\(directory): not a directory (SCHEMA_DIR must hold the *.yaml schema files)")
    }
    let prefix = displayPrefix(for: directory)
    var walk = SchemaDirectoryWalk(root: directory, prefix: prefix)
    walk.visit(relative: [])
    guard walk.problems.isEmpty else { throw SchemaDirectoryError(walk.problems.sorted()) }
    let relativePaths = walk.found.sorted()
    guard !relativePaths.isEmpty else {
        throw SchemaDirectoryError(description: "\(directory): no *.yaml or *.yml files found")
    }
    var files: [SourceFile] = []
    var problems: [String] = []
    for relative in relativePaths {
        guard let data = FileManager.default.contents(atPath: walk.fullPath(relative)) else {
            problems.append("\(prefix + relative): cannot be read")
            continue
        }
        files.append(SourceFile(path: prefix + relative, contents: Array(data)))
    }
    guard problems.isEmpty else { throw SchemaDirectoryError(problems) }
    return files
}

/// A recursive walk with `readdir`, which gives names as raw bytes: Foundation's enumerator
/// drops or mangles names that are not UTF-8, so such a file would vanish unreported.
private struct SchemaDirectoryWalk {
    let root: String
    let prefix: String
    var found: [String] = []
    var problems: [String] = []

    func fullPath(_ relative: String) -> String {
        relative.isEmpty ? root : (root.hasSuffix("/") ? root + relative : root + "/" + relative)
    }

    mutating func visit(relative: [String]) {
        let directory = relative.joined(separator: "/")
        guard let handle = opendir(fullPath(directory)) else {
            problems.append("\(shown(directory)): cannot be read (\(String(cString: strerror(errno))))")
            return
        }
        defer { closedir(handle) }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            entries.append((name, entry.pointee.d_type))
        }
        for (bytes, type) in entries {
            guard bytes.first != UInt8(ascii: ".") else { continue }  // hidden, `.` and `..`
            let isSchemaName = hasSuffix(bytes, ".yaml") || hasSuffix(bytes, ".yml")
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let lossy = String(decoding: bytes, as: UTF8.self)
                let path = shown(directory.isEmpty ? lossy : directory + "/" + lossy)
                if isSchemaName || type == UInt8(DT_DIR) {
                    problems.append(
                        "\(path): the name is not valid UTF-8; rename it (schema paths appear in diagnostics and must be text)")
                }
                continue
            }
            let child = relative + [name]
            let childPath = child.joined(separator: "/")
            var isDirectory = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {  // some file systems leave the type to lstat
                var info = stat()
                isDirectory = lstat(fullPath(childPath), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isDirectory {
                visit(relative: child)
                continue
            }
            guard isSchemaName else { continue }
            var info = stat()
            if stat(fullPath(childPath), &info) != 0 {
                let reason = errno
                switch reason {
                case ELOOP:
                    problems.append("\(shown(childPath)): symbolic link loop; fix or remove the link")
                case ENOENT:
                    problems.append(
                        "\(shown(childPath)): broken symbolic link to \(linkTarget(childPath)); fix or remove the link")
                default:
                    problems.append("\(shown(childPath)): cannot be read (\(String(cString: strerror(reason))))")
                }
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR { continue }  // `x.yaml/`, or a link to a directory
            found.append(childPath)
        }
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

/// The directory as shown before each file's relative path: `schema/`, nothing for `.`.
func displayPrefix(for directory: String) -> String {
    var shown = directory
    let cwd = FileManager.default.currentDirectoryPath
    if shown.hasPrefix("/") && shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
    while shown.hasSuffix("/") && shown.count > 1 { shown.removeLast() }
    while shown.hasPrefix("./") { shown = String(shown.dropFirst(2)) }
    if shown == "." || shown.isEmpty { return "" }
    return shown + "/"
}
