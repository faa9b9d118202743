extension ChainFile {
    /// True for a revision that changes no declared schema (its snapshot is its parent's): one
    /// made by `compile --empty` for hand-written SQL, which compile never analysed, so its empty
    /// change and hazard lists say nothing about what its scripts do.
    public func isHandWritten(_ entry: ChainEntry) -> Bool {
        guard entry.position > 1, entry.position - 2 < revisions.count else { return false }
        return revisions[entry.position - 2].snapshot.sha256 == entry.snapshot.sha256
    }

    /// How history and status describe a hand-written revision instead of "hazards: none".
    public static let handWrittenNote = "hand-written: not analysed, review by hand"
}
