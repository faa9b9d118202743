/// A dotted version, compared numerically component by component, missing components counting as
/// zero: `0.6.2` < `0.7` == `0.7.0` < `0.10`. Read from the leading digits and dots of the text, so
/// a suffix (`1.0beta2`) does not stop a comparison; text without leading digits is no version.
public struct ExtensionVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// As written (`0.7`, `0.6.2`).
    public let text: String
    public let components: [Int]

    public init?(_ text: String) {
        var components: [Int] = []
        var current: Int? = nil
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (product, overflow) = (current ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                current = product + digit
            } else if character == ".", let value = current {
                components.append(value)
                current = nil
            } else {
                break
            }
        }
        if let current { components.append(current) }
        guard !components.isEmpty else { return nil }
        self.text = text
        self.components = components
    }

    /// The components without trailing zeros: what equality and hashing compare.
    private var significant: ArraySlice<Int> {
        var end = components.endIndex
        while end > components.startIndex && components[end - 1] == 0 { end -= 1 }
        return components[..<end]
    }

    public var description: String { text }

    public static func == (lhs: ExtensionVersion, rhs: ExtensionVersion) -> Bool { lhs.significant == rhs.significant }
    public func hash(into hasher: inout Hasher) { hasher.combine(Array(significant)) }

    public static func < (lhs: ExtensionVersion, rhs: ExtensionVersion) -> Bool {
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }
}
