internal import CLibPQ

/// One result of a statement; owns its `PGresult` and clears it exactly once.
public struct QueryResult: ~Copyable {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// The command tag, e.g. `CREATE TABLE` or `INSERT 0 3`.
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }

    /// Rows affected by INSERT/UPDATE/DELETE/MERGE/SELECT/COPY..., nil for other commands.
    public var affectedRows: Int? { Int(String(cString: PQcmdTuples(handle))) }

    /// Name of column `column` (0-based).
    public func columnName(_ column: Int) -> String {
        precondition(column >= 0 && column < columnCount, "column \(column) out of range")
        return String(cString: PQfname(handle, Int32(column)))
    }

    /// Index of the column named `name`, nil if absent.
    public func columnIndex(named name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index >= 0 ? index : nil
    }

    /// True if the value at (row, column) is SQL NULL (0-based indices).
    public func isNull(row: Int, column: Int) -> Bool {
        checkBounds(row: row, column: column)
        return PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The text value at (row, column), nil for SQL NULL (0-based indices).
    public func value(row: Int, column: Int) -> String? {
        if isNull(row: row, column: column) { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The text value of column `name` in `row`; nil for NULL (a missing column is a programming error).
    public func value(row: Int, column name: String) -> String? {
        guard let column = columnIndex(named: name) else { preconditionFailure("no column \(name)") }
        return value(row: row, column: column)
    }

    /// Every row as text values, in server order.
    public var rows: [[String?]] {
        (0..<rowCount).map { row in (0..<columnCount).map { value(row: row, column: $0) } }
    }

    private func checkBounds(row: Int, column: Int) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range")
        precondition(column >= 0 && column < columnCount, "column \(column) out of range")
    }
}
