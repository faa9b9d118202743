/// Functions and procedures (SPEC §3.1, ROUTINES-VIEWS.md B1).
extension SchemaDiffer {
    mutating func diffRoutines() {
        for routine in new.routines {
            guard let before = old.routine(routine.identity) else {
                steps.createRoutines.append(.createRoutine(routine, replacing: nil))
                continue
            }
            if before == routine { continue }
            if replacesInPlace(before, with: routine) {
                steps.createRoutines.append(.createRoutine(routine, replacing: before))
            } else {
                steps.dropRoutines.append(.dropRoutine(before, recreated: true))
                steps.createRoutines.append(.createRoutine(routine, replacing: nil))
            }
        }
        for routine in old.routines where new.routine(routine.identity) == nil {
            steps.dropRoutines.append(.dropRoutine(routine, recreated: false))
        }
    }
}

/// Whether `CREATE OR REPLACE` can turn `before` into `after` (same identity). PostgreSQL
/// refuses (42P13) a different result type or row type (`RETURNS TABLE` and OUT columns), a
/// renamed input argument, and a removed default; everything else it replaces in place, owner
/// and grants kept.
func replacesInPlace(_ before: Routine, with after: Routine) -> Bool {
    if before.returns?.canonical != after.returns?.canonical { return false }
    if before.outputColumns != after.outputColumns { return false }
    let oldInputs = before.identityArguments
    let newInputs = after.identityArguments
    for (old, new) in zip(oldInputs, newInputs) {
        if let name = old.name, name != new.name { return false }
        if old.defaultExpression != nil && new.defaultExpression == nil { return false }
    }
    return true
}
