/// Where a declaration came from and the one-off hints its author gave.
///
/// None of this is schema *state*: it is left out of snapshots (not encoded) and out of equality,
/// so a snapshot read back from `out/` equals the model built from YAML.
public struct Origin: Hashable, Sendable {
    /// Where the object was declared (the key of its mapping entry).
    public var location: SourceLocation?
    /// `renamed_from:` — the previous name, used only by the next diff.
    public var renamedFrom: String?
    /// `using:` on a column — the expression for `ALTER COLUMN ... TYPE ... USING` when its type changes.
    public var using: String?

    public init(location: SourceLocation? = nil, renamedFrom: String? = nil, using: String? = nil) {
        self.location = location
        self.renamedFrom = renamedFrom
        self.using = using
    }

    public static func == (lhs: Origin, rhs: Origin) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
