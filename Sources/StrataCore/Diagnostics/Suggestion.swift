/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// Up to `limit` candidates close to `word`, nearest first (ties in candidate order).
    /// A candidate qualifies when its distance is at most a third of the longer word, minimum 2,
    /// and it keeps at least one character of it: `zz` suggests neither `id` nor `x`.
    static func closest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        var scored: [(distance: Int, order: Int, candidate: String)] = []
        var seen: Set<String> = []
        for (order, candidate) in candidates.enumerated() where seen.insert(candidate).inserted {
            let distance = editDistance(lowered, candidate.lowercased())
            let longer = max(word.count, candidate.count)
            let threshold = min(max(2, longer / 3), longer - 1)
            if distance <= threshold { scored.append((distance, order, candidate)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return scored.prefix(limit).map(\.candidate)
    }

    /// A "did you mean" note for `word`, or nil when nothing is close.
    static func note(for word: String, in candidates: [String]) -> Diagnostic.Note? {
        let matches = closest(to: word, in: candidates)
        guard !matches.isEmpty else { return nil }
        return Diagnostic.Note("did you mean " + matches.map { "`\($0)`" }.joined(separator: " or ") + "?")
    }

    /// Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, so that
    /// `tiemstamptz` is one edit from `timestamptz`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
