/// Sequence options as PostgreSQL checks them in `init_params` (sequence.c), for declared
/// sequences and identity columns alike.
extension ModelBuilder {
    /// Reports options PostgreSQL would refuse: zero increment, a bound outside the type,
    /// min ≥ max, a start outside [min, max], a cache below 1.
    mutating func checkSequenceOptions(
        _ options: SequenceOptions, dataType: String, what: @autoclosure () -> String, at location: SourceLocation
    ) {
        if options.increment == 0 {
            diagnostics.error(ModelMessage.zeroIncrement(what()), at: location)
            return
        }
        let typeRange = SequenceOptions.range(of: dataType)
        for (key, value) in [("min", options.minValue), ("max", options.maxValue)] {
            if let value, !typeRange.contains(value) {
                diagnostics.error(ModelMessage.outOfRange(what(), key: key, value: value, type: dataType), at: location)
                return
            }
        }
        let resolved = options.resolved(for: dataType)
        let (low, high) = (resolved.minValue, resolved.maxValue)
        if low >= high {
            diagnostics.error(ModelMessage.minNotBelowMax(what(), min: low, max: high), at: location)
            return
        }
        if let start = options.start, !(low...high).contains(start) {
            diagnostics.error(ModelMessage.startOutside(what(), start: start, min: low, max: high), at: location)
        }
        if let cache = options.cache, cache < 1 {
            diagnostics.error(ModelMessage.cacheBelowOne(what(), cache: cache), at: location)
        }
    }
}
