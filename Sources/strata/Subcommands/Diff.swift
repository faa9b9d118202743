import ArgumentParser
import StrataCore

extension Strata {
    /// `strata diff SCHEMA_DIR -o OUT_DIR`: the up script the next compile would write.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the up script the next compile would write; writes nothing.")

        @OptionGroup var paths: SchemaAndBundleOptions
        @OptionGroup var revision: RevisionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let pending = try PendingRevision.compute(
                schema: paths, revision: revision, empty: false, progress: Progress(options: output))
            guard case .revision(let compiled) = pending.outcome else {
                Console.line(pending.upToDateMessage)
                return
            }
            Console.out(compiled.upSQL)
        }
    }
}
