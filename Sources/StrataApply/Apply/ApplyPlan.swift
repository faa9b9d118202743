public import StrataBundle

/// Whether a step runs a revision's up script or its down script.
public enum StepDirection: String, Hashable, Sendable {
    case up, down
}

/// One revision to run, in one direction.
public struct ApplyStep: Hashable, Sendable {
    public var revision: ChainEntry
    public var direction: StepDirection

    public init(revision: ChainEntry, direction: StepDirection) {
        self.revision = revision
        self.direction = direction
    }

    /// The script this step runs, relative to `out/`.
    public var script: FileRecord { direction == .up ? revision.up : revision.down }

    /// The revision the database is at once this step has committed (nil = base).
    public var resultingRevision: String? {
        direction == .up ? revision.id : revision.parent
    }
}

/// The ordered steps that move a database from its current revision to the target.
///
/// Positions are 1-based like `ChainEntry.position`; 0 is base.
public struct ApplyPlan: Hashable, Sendable {
    public var currentPosition: Int
    public var targetPosition: Int
    public var steps: [ApplyStep]

    /// Up steps oldest first, or down steps newest first; empty when already at the target.
    public init(chain: [ChainEntry], currentPosition: Int, targetPosition: Int) {
        self.currentPosition = currentPosition
        self.targetPosition = targetPosition
        if targetPosition > currentPosition {
            steps = chain[currentPosition..<targetPosition].map { ApplyStep(revision: $0, direction: .up) }
        } else if targetPosition < currentPosition {
            steps = chain[targetPosition..<currentPosition].reversed().map {
                ApplyStep(revision: $0, direction: .down)
            }
        } else {
            steps = []
        }
    }

    /// Resolves TARGET against the chain and where the database is (0 = base).
    public init(chain: [ChainEntry], currentPosition: Int, target: ApplyTarget) throws(ApplyPlanError) {
        let position = try resolveTarget(target, chain: chain, currentPosition: currentPosition)
        self.init(chain: chain, currentPosition: currentPosition, targetPosition: position)
    }

    public var isEmpty: Bool { steps.isEmpty }
}

/// The chain position (0 = base) that TARGET names, given where the database is.
public func resolveTarget(_ target: ApplyTarget, chain: [ChainEntry], currentPosition: Int) throws(ApplyPlanError)
    -> Int
{
    let currentName = currentPosition == 0 ? "base" : chain[currentPosition - 1].id
    switch target {
    case .head:
        return chain.count
    case .base:
        return 0
    case .back(let count):
        guard count <= currentPosition else {
            throw .tooFarBack(requested: count, available: currentPosition, current: currentName)
        }
        return currentPosition - count
    case .forward(let count):
        let pending = chain.count - currentPosition
        guard count <= pending else {
            throw .tooFarForward(requested: count, available: pending, current: currentName)
        }
        return currentPosition + count
    case .revision(let text):
        return try resolveRevisionID(text, in: chain).position
    }
}

/// A full id, or a prefix that exactly one id starts with (StrataBundle's `RevisionID.resolve`:
/// an exact match wins over longer ids that share it as a prefix).
public func resolveRevisionID(_ text: String, in chain: [ChainEntry]) throws(ApplyPlanError) -> ChainEntry {
    do { return try RevisionID.resolve(text, in: chain) } catch {
        switch error {
        case .unknown(let reference, let known): throw .unknownRevision(reference, known: known)
        case .ambiguous(let reference, let candidates): throw .ambiguousRevision(reference, matches: candidates)
        }
    }
}
