import ArgumentParser
import StrataBundle
import StrataCore

extension Strata {
    /// `strata compile SCHEMA_DIR -o OUT_DIR [-m MSG] [--allow-destructive] [--empty]`.
    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append the next revision (up and down script, snapshot) for the YAML's changes.",
            discussion: """
                Loads every *.yaml / *.yml under SCHEMA_DIR, diffs it against the head revision recorded in \
                OUT_DIR and appends one revision. With no change it writes nothing and exits 0. --empty appends \
                a revision with empty scripts for hand-written SQL; fill them in, then run `strata rehash`.
                """)

        @OptionGroup var paths: SchemaAndBundleOptions
        @OptionGroup var revision: RevisionOptions

        @Flag(help: "Append a revision with empty scripts for hand-written SQL (data backfills, seed rows).")
        var empty = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if empty && revision.message == nil {
                throw ValidationError("--empty needs -m MESSAGE: the message names the hand-written revision")
            }
        }

        func run() throws {
            let compiler = RevisionCompiler(paths)
            let pending = try compiler.pendingReported(
                revision, empty: empty, progress: Progress(options: output), stageSnapshot: true)
            guard let compiled = pending.revision else {
                Console.line(pending.upToDateMessage)
                return
            }
            let result: BundleStore.AppendResult
            do { result = try compiler.write(pending, revision: compiled) } catch { throw compiler.report(error) }
            Console.line("wrote revision \(result.entry.id) (parent \(result.entry.parent ?? "base"))")
            for file in result.writtenFiles { Console.line("  \(paths.outDirectory.trimmingSlashes)/\(file)") }
            if !compiled.changes.isEmpty {
                Console.line("changes:")
                for change in compiled.changes { Console.line("  \(change)") }
            }
            if !compiled.hazards.isEmpty {
                Console.line("hazards:")
                for hazard in compiled.hazards { Console.line("  \(hazard)") }
            }
            if let requirements = compiled.requirements, !requirements.isEmpty {
                Console.line("needs:")
                for (needs, use) in requirements.uses { Console.line("  \(needs.description): \(use.described)") }
            }
            if !compiled.isTransactional {
                Console.line("note: some statements run outside a transaction (marked -- strata:no-transaction)")
            }
            if empty {
                Console.line("fill in the scripts, then run `strata rehash \(paths.outDirectory)` to record them")
            }
        }
    }
}

extension String {
    /// The path without trailing slashes, for joining with file names in output.
    var trimmingSlashes: String {
        var text = self
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
