import ArgumentParser
import StrataCore

/// A duration flag: seconds (`30`, `2.5`) or `500ms`/`2s`/`1m`, as in strata.yaml.
struct DurationArgument: ExpressibleByArgument, Sendable {
    var seconds: Double

    init?(argument: String) {
        guard let seconds = parseDuration(argument) else { return nil }
        self.seconds = seconds
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
