public import Foundation

/// Scratch directories for tests. All live under one root per test process, removed when the
/// process exits, so a test that forgets (or fails before) its own cleanup leaves nothing in $TMPDIR.
public enum Scratch {
    /// A fresh empty directory; `prefix` only helps a human reading a listing.
    public static func directory(_ prefix: String = "scratch") throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-tests-\(getpid())", isDirectory: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return root
    }()
}
