/// The options a sequence and an identity column share (`START`, `INCREMENT`, `MINVALUE`,
/// `MAXVALUE`, `CACHE`, `CYCLE`). `nil` means PostgreSQL's default, which depends on the data type
/// and the direction; `resolved(for:)` fills it in.
public struct SequenceOptions: Codable, Hashable, Sendable {
    public var start: Int64?
    public var increment: Int64?
    public var minValue: Int64?
    public var maxValue: Int64?
    public var cache: Int64?
    public var cycle: Bool

    public init(
        start: Int64? = nil, increment: Int64? = nil, minValue: Int64? = nil, maxValue: Int64? = nil,
        cache: Int64? = nil, cycle: Bool = false
    ) {
        self.start = start
        self.increment = increment
        self.minValue = minValue
        self.maxValue = maxValue
        self.cache = cache
        self.cycle = cycle
    }

    /// The values of an integer type a sequence of that type can take (`bigint` when unnamed).
    public static func range(of dataType: String?) -> ClosedRange<Int64> {
        switch dataType {
        case "smallint": Int64(Int16.min)...Int64(Int16.max)
        case "integer": Int64(Int32.min)...Int64(Int32.max)
        default: Int64.min...Int64.max
        }
    }

    /// Every option with PostgreSQL's default filled in (`init_params` in sequence.c): an
    /// ascending sequence runs from 1 to the type's maximum, a descending one from the type's
    /// minimum to -1, and starts at the end it counts away from.
    public func resolved(for dataType: String?) -> (start: Int64, increment: Int64, minValue: Int64, maxValue: Int64, cache: Int64) {
        let range = Self.range(of: dataType)
        let step = increment ?? 1
        let low = minValue ?? (step > 0 ? 1 : range.lowerBound)
        let high = maxValue ?? (step > 0 ? range.upperBound : -1)
        return (start ?? (step > 0 ? low : high), step, low, high, cache ?? 1)
    }

    /// The start PostgreSQL gives a sequence declared without one, whatever its type: `RESTART`
    /// and `START WITH` need a number when a declared start is removed.
    var defaultStart: Int64 { (increment ?? 1) < 0 ? (maxValue ?? -1) : (minValue ?? 1) }

    /// The declared options as `CREATE SEQUENCE` / `AS IDENTITY (...)` clauses, in the grammar's order.
    var clauses: [String] {
        var clauses: [String] = []
        if let start { clauses.append("START WITH \(start)") }
        if let increment { clauses.append("INCREMENT BY \(increment)") }
        if let minValue { clauses.append("MINVALUE \(minValue)") }
        if let maxValue { clauses.append("MAXVALUE \(maxValue)") }
        if let cache { clauses.append("CACHE \(cache)") }
        if cycle { clauses.append("CYCLE") }
        return clauses
    }

    /// The `ALTER SEQUENCE` clauses that turn these options into `after`; a removed option goes
    /// back to PostgreSQL's default. An identity column spells each clause with `SET` in front.
    func changes(to after: SequenceOptions, clausePrefix prefix: String = "") -> [String] {
        var parts: [String] = []
        if increment != after.increment { parts.append(prefix + "INCREMENT BY \(after.increment ?? 1)") }
        if minValue != after.minValue { parts.append(prefix + (after.minValue.map { "MINVALUE \($0)" } ?? "NO MINVALUE")) }
        if maxValue != after.maxValue { parts.append(prefix + (after.maxValue.map { "MAXVALUE \($0)" } ?? "NO MAXVALUE")) }
        if start != after.start { parts.append(prefix + "START WITH \(after.start ?? after.defaultStart)") }
        if cache != after.cache { parts.append(prefix + "CACHE \(after.cache ?? 1)") }
        if cycle != after.cycle { parts.append(prefix + (after.cycle ? "CYCLE" : "NO CYCLE")) }
        return parts
    }
}
