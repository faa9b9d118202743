internal import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every change the bundle writer makes to the disk, as values that can be replaced: the seam
/// through which tests fail each write in turn (or stop every write, as a crash would) and check
/// that the bundle is still the old one or the new one. Each operation returns nil when it
/// succeeded, else the `errno` it failed with.
public struct BundleFileSystem: Sendable {
    /// Creates (or truncates) the file at `path` with the bytes `produce` hands out, then flushes
    /// it to the disk (`fsync`) and closes it.
    public var createFile:
        @Sendable (_ path: String, _ produce: (_ append: (UnsafeRawBufferPointer) -> Void) -> Void) -> Int32?
    /// Creates one directory (its parent exists).
    public var makeDirectory: @Sendable (_ path: String) -> Int32?
    /// `rename(2)`: atomically replaces `to`.
    public var rename: @Sendable (_ from: String, _ to: String) -> Int32?
    /// Flushes a directory's entries (the names renamed or created in it) to the disk.
    public var syncDirectory: @Sendable (_ path: String) -> Int32?
    /// Removes a file.
    public var removeFile: @Sendable (_ path: String) -> Int32?
    /// Removes an empty directory.
    public var removeDirectory: @Sendable (_ path: String) -> Int32?

    public init(
        createFile: @escaping @Sendable (String, ((UnsafeRawBufferPointer) -> Void) -> Void) -> Int32?,
        makeDirectory: @escaping @Sendable (String) -> Int32?,
        rename: @escaping @Sendable (String, String) -> Int32?,
        syncDirectory: @escaping @Sendable (String) -> Int32?,
        removeFile: @escaping @Sendable (String) -> Int32?,
        removeDirectory: @escaping @Sendable (String) -> Int32?
    ) {
        self.createFile = createFile
        self.makeDirectory = makeDirectory
        self.rename = rename
        self.syncDirectory = syncDirectory
        self.removeFile = removeFile
        self.removeDirectory = removeDirectory
    }

    /// The real disk.
    public static let posix = BundleFileSystem(
        createFile: { path, produce in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return errno }
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
            // A full disk may only show at the flush (delayed allocation), hence checked too.
            if failure == nil, fsync(descriptor) != 0 { failure = errno }
            if close(descriptor) != 0, failure == nil { failure = errno }
            return failure
        },
        makeDirectory: { path in mkdir(path, 0o755) == 0 ? nil : errno },
        rename: { from, to in renameFile(from, to) == 0 ? nil : errno },
        syncDirectory: { path in
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return errno }
            defer { close(descriptor) }
            return fsync(descriptor) == 0 ? nil : errno
        },
        removeFile: { path in unlink(path) == 0 ? nil : errno },
        removeDirectory: { path in rmdir(path) == 0 ? nil : errno })

    /// `strerror` of a failure, for messages.
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// `rename(2)`, out of reach of the member of the same name.
private func renameFile(_ from: String, _ to: String) -> Int32 { rename(from, to) }
