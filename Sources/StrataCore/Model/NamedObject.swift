/// A schema object listed by name: snapshots keep each list in name order.
protocol NamedObject {
    var name: String { get }
}

extension Extension: NamedObject {}
extension EnumType: NamedObject {}
extension SequenceDefinition: NamedObject {}
extension Table: NamedObject {}
extension UniqueConstraint: NamedObject {}
extension CheckConstraint: NamedObject {}
extension ForeignKey: NamedObject {}
extension Index: NamedObject {}

extension Array where Element: NamedObject {
    var isSortedByName: Bool {
        indices.dropFirst().allSatisfy { self[$0 - 1].name <= self[$0].name }
    }

    /// Sorts only a list out of order: a list already sorted is left untouched, so a copy that
    /// shares its storage with another (a snapshot being written) is not duplicated.
    mutating func sortByName() {
        if !isSortedByName { sort { $0.name < $1.name } }
    }
}
