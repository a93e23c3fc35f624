import Foundation
/// Turns a validated row into the published row: dropped fields leave, other operators rewrite their cell.
final class Anonymiser {
    /// Recipe field index of each published cell.
    let published: [Int]
    let publishedNames: [String]

    init(recipe: Recipe) throws(PlanError) {
        for field in recipe.fields {
            if let operation = field.anonymise, operation != .drop {
                throw PlanError("field '\(field.name)': the \(operation.name) operator is not available in this version of kiosque; nothing was fetched or published. Use anonymise: drop until it is.")
            }
        }
        published = recipe.fields.indices.filter { !recipe.fields[$0].isDropped }
        publishedNames = published.map { recipe.fields[$0].name }
    }

    /// Copies the published cells of `row` into `out`.
    func apply(_ row: ShapedRow, into out: inout ShapedRow) {
        out.reset()
        row.bytes.withUnsafeBufferPointer { bytes in
            for index in published {
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[row.range(index)]))
                out.close(row.kinds[index])
            }
        }
    }
}

/// A recipe that cannot run as written, found before anything is fetched.
public struct PlanError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
