/// Sequence options as PostgreSQL checks them in `init_params` (sequence.c), for declared
/// sequences and identity columns alike.
extension ModelBuilder {
    /// The range of a sequence's data type.
    static func range(of dataType: String) -> ClosedRange<Int64> {
        switch dataType {
        case "smallint": return Int64(Int16.min)...Int64(Int16.max)
        case "integer": return Int64(Int32.min)...Int64(Int32.max)
        default: return Int64.min...Int64.max
        }
    }

    /// Reports options PostgreSQL would refuse: zero increment, a bound outside the type,
    /// min ≥ max, a start outside [min, max], a cache below 1.
    mutating func checkSequenceOptions(
        start: Int64?, increment: Int64?, minValue: Int64?, maxValue: Int64?, cache: Int64?, dataType: String,
        what: String, at location: SourceLocation
    ) {
        let step = increment ?? 1
        if step == 0 {
            diagnostics.error("\(what): `increment` must not be zero", at: location)
            return
        }
        let typeRange = Self.range(of: dataType)
        let low = minValue ?? (step > 0 ? 1 : typeRange.lowerBound)
        let high = maxValue ?? (step > 0 ? typeRange.upperBound : -1)
        for (key, value) in [("min", minValue), ("max", maxValue)] {
            if let value, !typeRange.contains(value) {
                diagnostics.error("\(what): `\(key)` (\(value)) is out of range for \(dataType)", at: location)
                return
            }
        }
        if low >= high {
            diagnostics.error("\(what): `min` (\(low)) must be less than `max` (\(high))", at: location)
            return
        }
        if let start, !(low...high).contains(start) {
            diagnostics.error("\(what): `start` (\(start)) must be between min (\(low)) and max (\(high))", at: location)
        }
        if let cache, cache < 1 {
            diagnostics.error("\(what): `cache` (\(cache)) must be at least 1", at: location)
        }
    }
}
