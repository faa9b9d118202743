import Foundation
import Testing

/// The repository's example `schema/` and its committed `out/` must stay in sync: CI fails when
/// someone edits the YAML without compiling, or touches a compiled file.
@Suite struct ExampleBundleTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func exampleOutIsCompiledFromExampleSchema() throws {
        let check = try StrataRunner.capture(
            StrataRunner.executable, ["check", "schema", "-o", "out"], in: Self.repositoryRoot)
        #expect(check.status == 0, "strata check schema/ -o out/ failed:\n\(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasPrefix("up to date: the schema matches revision 0004_"))
    }

    @Test func exampleOutVerifies() throws {
        let verify = try StrataRunner.capture(StrataRunner.executable, ["verify", "out"], in: Self.repositoryRoot)
        #expect(verify.status == 0, "strata verify out/ failed:\n\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("out: ok, 4 revisions of schema negentropy"))
    }
}
