/// Sequence options as PostgreSQL checks them in `init_params` (sequence.c), for declared
/// sequences and identity columns alike.
extension ModelBuilder {
    /// Reports options PostgreSQL would refuse: zero increment, a bound outside the type,
    /// min ≥ max, a start outside [min, max], a cache below 1.
    mutating func checkSequenceOptions(
        _ options: SequenceOptions, dataType: String, what: @autoclosure () -> String, at location: SourceLocation
    ) {
        if options.increment == 0 {
            diagnostics.error("\(what()): `increment` must not be zero", at: location)
            return
        }
        let typeRange = SequenceOptions.range(of: dataType)
        for (key, value) in [("min", options.minValue), ("max", options.maxValue)] {
            if let value, !typeRange.contains(value) {
                diagnostics.error("\(what()): `\(key)` (\(value)) is out of range for \(dataType)", at: location)
                return
            }
        }
        let resolved = options.resolved(for: dataType)
        let (low, high) = (resolved.minValue, resolved.maxValue)
        if low >= high {
            diagnostics.error("\(what()): `min` (\(low)) must be less than `max` (\(high))", at: location)
            return
        }
        if let start = options.start, !(low...high).contains(start) {
            diagnostics.error("\(what()): `start` (\(start)) must be between min (\(low)) and max (\(high))", at: location)
        }
        if let cache = options.cache, cache < 1 {
            diagnostics.error("\(what()): `cache` (\(cache)) must be at least 1", at: location)
        }
    }
}
