import StrataBundle
import StrataCore

/// The prefix/body/suffix shape (`ScriptShape`) of the scripts a move runs, read before anything
/// runs so that a misplaced `-- strata:no-transaction` statement stops the move untouched.
extension Applier {
    /// One shape per step of `plan`. A revision the chain records as transactional (verified
    /// against its files) is all body and is not read twice.
    func shapes(of plan: ApplyPlan) throws(ApplyFailure) -> [ScriptShape] {
        var shapes: [ScriptShape] = []
        for step in plan.steps {
            shapes.append(try shape(of: step))
        }
        return shapes
    }

    func shape(of step: ApplyStep) throws(ApplyFailure) -> ScriptShape {
        var shape = ScriptShape()
        guard !step.revision.transactional else { return shape }
        let file = step.script.file
        var stream = try StatementStream(context: context, file: file)
        while let statement = try stream.nextStatement() { shape.add(statement) }
        if let line = shape.refusedLines(isDown: step.direction == .down).first {
            let shown = context.shownPath(of: file)
            // The explanation is shared with the release script, which prints it with its location.
            var explanation = ScriptShape.misplacedExplanation(file: shown, line: line, isDown: step.direction == .down)
            let prefix = "\(shown):\(line): error: "
            if explanation.hasPrefix(prefix) { explanation.removeFirst(prefix.count) }
            throw ApplyFailure(
                .badInput, explanation, at: SourceLocation(file: shown, line: line, column: 1), notes: ["Nothing was run."])
        }
        return shape
    }

    /// The revision the database is at, when its version row says its suffix has not finished.
    func incompleteRevision(rows: [AppliedRevision], position: Int) -> ChainEntry? {
        guard let last = rows.last, !last.complete, position > 0 else { return nil }
        return context.chain[position - 1]
    }
}
