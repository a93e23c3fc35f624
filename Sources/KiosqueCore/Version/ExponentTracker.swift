/// Which published number fields hold a value written with an exponent (`1.5e3`, as a source wrote
/// it): CSVW's `decimal` has no exponent, and CSVW validators refuse such a value, so the CSVW
/// metadata gives those fields the datatype `double`. A field is looked at until its first one.
struct ExponentTracker {
    private var positions: [Int]
    private(set) var found: [Int] = []

    /// `types`: the published Table Schema type of each published cell.
    init(types: [String]) {
        positions = types.indices.filter { types[$0] == "number" }
    }

    mutating func observe(_ row: ShapedRow) {
        var index = 0
        while index < positions.count {
            let position = positions[index]
            if row.kinds[position] == .number, row.cell(position).contains(UInt8(ascii: "e")) {
                found.append(position)
                positions.remove(at: index)
            } else {
                index += 1
            }
        }
    }
}
