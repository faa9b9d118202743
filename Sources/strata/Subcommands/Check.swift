import ArgumentParser
import StrataBundle
import StrataCore

extension Strata {
    /// `strata check SCHEMA_DIR -o OUT_DIR`: exit 1 if compile would write a revision.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 1 and show the pending up script if compile would write a revision; writes nothing.",
            discussion: """
                A pending revision that loses data is shown too, with what it loses (exit 1 all the same): \
                compile then needs --allow-destructive.
                """)

        @OptionGroup var paths: SchemaAndBundleOptions
        @OptionGroup var revision: RevisionOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var format: FormatOptions

        func run() throws {
            let json = JSONOutput.begin("check", format)
            let pending = try RevisionCompiler(paths).pendingReported(
                revision, empty: false, progress: Progress(options: output), showDestructive: true)
            if json { JSONOutput.print(pending.json(allowDestructive: revision.allowDestructive)) }
            guard case .revision(let compiled) = pending.outcome else {
                if !json { Console.line("up to date: \(pending.matchPhrase)") }
                return
            }
            if !json { Console.out(compiled.upSQL) }
            PendingRevision.warnDataLoss(compiled, allowed: revision.allowDestructive)
            let flag = compiled.dataLoss.isEmpty || revision.allowDestructive ? "" : " --allow-destructive"
            Console.error(
                "\(paths.schemaDirectory) has changes not compiled into \(paths.outDirectory); run `strata compile \(paths.schemaDirectory) -o \(paths.outDirectory) -m MESSAGE\(flag)`")
            throw ExitCode(.differenceFound)
        }
    }
}
