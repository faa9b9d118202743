import ArgumentParser
import StrataCore

extension Strata {
    /// `strata check SCHEMA_DIR -o OUT_DIR`: exit 1 if compile would write a revision.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 1 and show the pending up script if compile would write a revision; writes nothing.")

        @OptionGroup var paths: SchemaAndBundleOptions
        @OptionGroup var revision: RevisionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let pending = try PendingRevision.compute(
                schema: paths, revision: revision, empty: false, progress: Progress(options: output))
            guard case .revision(let compiled) = pending.outcome else {
                Console.line("up to date: \(pending.matchPhrase)")
                return
            }
            Console.out(compiled.upSQL)
            Console.error(
                "\(paths.schemaDirectory) has changes not compiled into \(paths.outDirectory); run 'strata compile \(paths.schemaDirectory) -o \(paths.outDirectory) -m MESSAGE'")
            throw ExitCode(.differenceFound)
        }
    }
}
