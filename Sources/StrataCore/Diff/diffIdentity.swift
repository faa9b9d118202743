/// An identity added to or dropped from a column that holds rows. PostgreSQL starts the sequence
/// of `ADD GENERATED ... AS IDENTITY` at its start value whatever the column holds, and a new
/// serial sequence at 1, so the next insert would collide with an existing row; and a serial's
/// sequence still holding its name makes PostgreSQL name the identity's `<name>1`.
extension SchemaDiffer {
    /// `ADD GENERATED ... AS IDENTITY`, then the sequence set past the column's values. A serial
    /// column's sequence (dropped by this diff) is renamed aside first, so the identity's sequence
    /// gets the name a fresh `CREATE TABLE` gives it, and its position is carried over; it is
    /// dropped at once, in the same transaction.
    mutating func addIdentity(_ identity: Identity, table: String, column: String) {
        let descending = (identity.options.increment ?? 1) < 0
        guard let serial = serialSequence(in: old, table: table, column: column),
            new.sequence(named: serial.name) == nil
        else {
            steps.columns += [
                .addIdentity(table: table, column: column, identity: identity),
                .continueSequence(
                    SequenceContinuation(
                        table: table, column: column, sequence: .identityOf(column: column), carriedFrom: nil,
                        descending: descending)),
            ]
            return
        }
        let aside = truncatedIdentifier(serial.name, suffix: "_strata_old")
        carriedSequences.insert(serial.name)
        steps.columns += [
            .renameSequence(from: serial.name, to: aside),
            // Still owned by the column, pg_get_serial_sequence could find it instead of the identity's.
            .setSequenceOwner(sequence: aside, owner: nil),
            .addIdentity(table: table, column: column, identity: identity),
            .continueSequence(
                SequenceContinuation(
                    table: table, column: column, sequence: .identityOf(column: column), carriedFrom: .named(aside),
                    descending: descending)),
            .dropSequence(aside),
        ]
    }

    /// `DROP IDENTITY` (which drops the identity's sequence). When the column becomes a serial
    /// again, its new sequence is created under a temporary name before the drop (the identity's
    /// sequence may hold the serial's name), carries the identity's position over, and takes its
    /// name once the identity is gone.
    mutating func dropIdentity(table: String, column: String) {
        guard let serial = serialSequence(in: new, table: table, column: column),
            old.sequence(named: serial.name) == nil
        else {
            steps.columns.append(.dropIdentity(table: table, column: column))
            return
        }
        var made = serial
        made.name = truncatedIdentifier(serial.name, suffix: "_strata_new")
        made.ownedBy = nil
        made.comment = nil
        madeSequences.insert(serial.name)
        steps.columns += [
            .createSequence(made),
            .continueSequence(
                SequenceContinuation(
                    table: table, column: column, sequence: .named(made.name), carriedFrom: .identityOf(column: column),
                    descending: (serial.options.increment ?? 1) < 0)),
            .dropIdentity(table: table, column: column),
            .renameSequence(from: made.name, to: serial.name),
        ]
    }

    /// The sequence `schema` declares as owned by `table.column` whose `nextval` is the column's
    /// default: a serial's.
    private func serialSequence(in schema: Schema, table: String, column: String) -> SequenceDefinition? {
        let owner = ColumnReference(table: table, column: column)
        guard let expression = schema.table(named: table)?.column(named: column)?.defaultExpression,
            mentions(expression.lowercased(), identifier: "nextval")
        else { return nil }
        return schema.sequences.first { $0.ownedBy == owner }
    }
}
