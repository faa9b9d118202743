import Dispatch

extension Array {
    /// `map` spread over the machine's cores, results in the input's order. For independent,
    /// CPU-bound work on many elements (the schema files, one per table): each element is taken by
    /// whichever thread is free next, so a few large elements do not hold up the rest.
    func concurrentMap<Result>(_ transform: (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        return [Result](unsafeUninitializedCapacity: count) { results, initialized in
            // Every index is written exactly once, by one thread; nothing is read until all are done.
            nonisolated(unsafe) let slots = results
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                self.withUnsafeBufferPointer { elements in
                    nonisolated(unsafe) let elements = elements
                    DispatchQueue.concurrentPerform(iterations: count) { index in
                        (slots.baseAddress! + index).initialize(to: transform(elements[index]))
                    }
                }
            }
            initialized = count
        }
    }
}

/// Runs `first` on this thread and `second` on another at the same time (one after the other
/// when not `parallel`); returns both results.
///
/// Not `concurrentPerform`: libdispatch runs a `concurrentPerform` nested in another one with the
/// outer one's share of the cores, so `concurrentMap` inside `first` would run on one core.
package func concurrently<First, Second>(
    if parallel: Bool = true, _ first: () -> First, _ second: () -> Second
) -> (First, Second) {
    guard parallel else { return (first(), second()) }
    var secondResult: Second? = nil
    let firstResult = withoutActuallyEscaping(second) { second in
        withUnsafeMutablePointer(to: &secondResult) { secondSlot in
            // The slot is written by the other thread and read only after `wait()`.
            nonisolated(unsafe) let second = second
            nonisolated(unsafe) let secondSlot = secondSlot
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) { secondSlot.pointee = second() }
            let firstResult = first()
            done.wait()
            return firstResult
        }
    }
    return (firstResult, secondResult!)
}
