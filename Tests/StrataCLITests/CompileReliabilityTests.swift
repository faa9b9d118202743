import Foundation
import StrataTestSupport
import Testing

/// The four ways a reliability run broke `compile` (issue 17), end to end through the binary.
@Suite struct CompileReliabilityTests {
    /// A table of `columns` text columns: a revision of a few dozen KiB.
    func wideTable(_ name: String, columns: Int) -> String {
        "tables:\n  \(name):\n    columns:\n      id: { type: bigint, primary_key: true }\n"
            + (1...columns).map { "      column_\($0)_with_a_long_name: { type: text, comment: some words to take room }\n" }
            .joined()
    }

    /// A full disk at every size from 4 to 24 KiB free: compile exits 2 and `out/` is exactly the
    /// old bundle (verify passes); a first compile leaves no `out/`. Needs a small tmpfs, so root.
    @Test(.enabled(if: TinyFileSystem.canMount, "mounting a small tmpfs needs root (mount -t tmpfs); skipped"))
    func aFullDiskLeavesTheOldBundle() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let disk = try TinyFileSystem(at: strata.directory.appendingPathComponent("disk"), kibibytes: 512)
        defer { disk.unmount() }
        let compiled = try strata.run("compile", "schema", "-o", "disk/out")
        #expect(compiled.status == 0, "\(compiled.stderr)")
        try strata.write("schema/tables/wide.yaml", wideTable("wide", columns: 120))
        let before = strata.files(under: "disk/out")
        for free in stride(from: 4, through: 24, by: 4) {
            try disk.fill(leavingKiB: free)
            let full = try strata.run("compile", "schema", "-o", "disk/out", "-m", "disk full")
            #expect(full.status == 2, "\(free) KiB free")
            #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
            #expect(strata.files(under: "disk/out") == before, "\(free) KiB free")
            let verify = try strata.run("verify", "disk/out")
            #expect(verify.status == 0, "\(free) KiB free: \(verify.stderr)")
            // Room for fewer than the four files of a first revision (a page each).
            guard free <= 12 else { continue }
            let first = try strata.run("compile", "schema", "-o", "disk/fresh")
            #expect(first.status == 2, "\(free) KiB free")
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk.directory.path).sorted() == ["filler", "out"])
        }
        try disk.fill(leavingKiB: 256)
        let roomy = try strata.run("compile", "schema", "-o", "disk/out", "-m", "disk full")
        #expect(roomy.status == 0, "\(roomy.stderr)")
        #expect(try strata.run("verify", "disk/out").status == 0)
    }

    /// The small schema compiled into `out/`, then `schema/<link>` made a symbolic link to `destination`.
    func compiledBundle(linking link: String, to destination: String) throws -> StrataRunner {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        #expect(try strata.run("compile", "schema", "-o", "out").status == 0)
        try FileManager.default.createSymbolicLink(
            atPath: strata.directory.appendingPathComponent("schema/" + link).path, withDestinationPath: destination)
        return strata
    }

    @Test func aLoopingDirectoryLinkIsAnErrorNotNoChanges() throws {
        let strata = try compiledBundle(linking: "tables/up", to: "..")
        let result = try strata.run("compile", "schema", "-o", "out", "-m", "loop")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "strata: error: schema/tables/up: symbolic link loop (it leads back to schema, which contains it); remove the link\n")
    }

    @Test func aLinkedDirectoryIsReadAndCheckSeesItsTables() throws {
        let strata = try compiledBundle(linking: "tables/linked", to: "../../extra")
        try strata.write("extra/notes.yaml", "tables:\n  notes:\n    columns:\n      id: bigint\n")
        let check = try strata.run("check", "schema", "-o", "out")
        #expect(check.status == 1)
        #expect(check.stdout.contains("CREATE TABLE negentropy.notes ("))
    }

    @Test func aHugeFileIsRefusedUpFront() throws {
        let strata = try StrataRunner()
        try strata.writeSmallSchema()
        let path = strata.directory.appendingPathComponent("schema/tables/sparse.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 2 << 30) == 0)  // 2 GiB, sparse
        let result = try strata.run("compile", "schema", "-o", "out")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "strata: error: schema/tables/sparse.yaml: 2048 MiB is over the 64 MiB limit for one schema file; "
                + "split its tables over several files under the schema directory\n")
        #expect(!strata.exists("out"))
    }
}

/// A tmpfs of a given size mounted for one test (root only).
struct TinyFileSystem {
    let directory: URL

    static let canMount: Bool = {
        guard getuid() == 0, let probe = try? Scratch.directory("tmpfs-probe") else { return false }
        defer { _ = try? ProcessCapture.run(URL(fileURLWithPath: "/bin/umount"), [probe.path]) }
        return (try? ProcessCapture.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]))?
            .status == 0
    }()

    init(at directory: URL, kibibytes: Int) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mount = try ProcessCapture.run(
            URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=\(kibibytes)k", "tmpfs", directory.path])
        guard mount.status == 0 else { throw MountFailure(message: mount.stderr) }
    }

    /// Grows or shrinks `filler` until `free` KiB are left.
    func fill(leavingKiB free: Int) throws {
        let filler = directory.appendingPathComponent("filler")
        try? FileManager.default.removeItem(at: filler)
        var info = statvfs()
        statvfs(directory.path, &info)
        let available = Int(info.f_bavail) * Int(info.f_frsize)
        try Data(count: max(0, available - free * 1024)).write(to: filler)
    }

    func unmount() {
        _ = try? ProcessCapture.run(URL(fileURLWithPath: "/bin/umount"), [directory.path])
    }
}

struct MountFailure: Error { var message: String }
