import ArgumentParser
import StrataBundle
import StrataCore

extension Strata {
    /// `strata diff SCHEMA_DIR -o OUT_DIR`: the up script the next compile would write.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the up script the next compile would write; writes nothing.",
            discussion: """
                A revision that loses data is printed too, and what it loses is listed on stderr: compile then \
                needs --allow-destructive.
                """)

        @OptionGroup var paths: SchemaAndBundleOptions
        @OptionGroup var revision: RevisionOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var format: FormatOptions

        func run() throws {
            let json = JSONOutput.begin("diff", format)
            let pending = try RevisionCompiler(paths).pendingReported(
                revision, empty: false, progress: Progress(options: output), showDestructive: true)
            if json { JSONOutput.print(pending.json(allowDestructive: revision.allowDestructive)) }
            guard case .revision(let compiled) = pending.outcome else {
                if !json { Console.line(pending.upToDateMessage) }
                return
            }
            if !json { Console.out(compiled.upSQL) }
            PendingRevision.warnDataLoss(compiled, allowed: revision.allowDestructive)
        }
    }
}
