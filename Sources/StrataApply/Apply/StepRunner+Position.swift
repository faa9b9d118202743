import StrataBundle

/// Where a failed or stopped run leaves the database, as its messages say it: read from the
/// version table at that moment, never assumed from the plan (another apply may have moved the
/// database meanwhile, after this run lost its lock).
extension StepRunner {
    /// "still at 0004" when the version table says what this run expected (`expected`, nil = base);
    /// otherwise where it really is, and that another run moved it; or, when it cannot be read,
    /// the expectation marked as such.
    func databaseIs(_ expected: String?) -> String {
        let context = context
        let read = lockSession.reading { (connection: borrowing Connection) in
            let rows = try context.versionRows.read(on: connection)
            return (id: rows.last?.revision, complete: rows.last?.complete ?? true)
        }
        guard let read else {
            return "at \(expected ?? "base") as far as this run knows (\(context.versionRows.qualifiedName) could not "
                + "be read just now; `strata status` says where it is)"
        }
        let incomplete = read.complete ? "" : ", recorded incomplete"
        if read.id == expected {
            return read.complete ? "still at \(expected ?? "base")" : "at \(expected ?? "base") (recorded incomplete)"
        }
        return "at \(read.id ?? "base") (read from \(context.versionRows.qualifiedName) just now\(incomplete); this run "
            + "expected \(expected ?? "base"): another run moved it meanwhile)"
    }
}
