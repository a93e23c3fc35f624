import Crypto
import Foundation

/// Turns a validated row into the published row: dropped fields leave, the other operators
/// rewrite their cell. Built once per file, after the keys are read, before anything is fetched.
final class Anonymiser {
    /// Recipe field index of each published cell.
    let published: [Int]
    let publishedNames: [String]
    /// The operation on each published cell, nil when it is published as is.
    private let operations: [CellOperation?]

    init(recipe: Recipe, environment: [String: String]) throws(PlanError) {
        published = recipe.fields.indices.filter { !recipe.fields[$0].isDropped }
        publishedNames = published.map { recipe.fields[$0].name }
        var operations: [CellOperation?] = []
        for index in published {
            let field = recipe.fields[index]
            operations.append(try Self.compile(field, environment: environment))
        }
        self.operations = operations
    }

    private static func compile(_ field: FieldSpec, environment: [String: String]) throws(PlanError) -> CellOperation? {
        switch field.anonymise {
        case nil, .drop?:
            return nil
        case .pseudonymise(let reference, let length)?:
            let key = try PrivacyKeys.resolve(reference, field: field.name, environment: environment)
            return .pseudonymise(Pseudonymiser(key: key), length: length)
        case .mask(let first, let last, let character)?:
            return .mask(keepFirst: first, keepLast: last, character: Array(character.utf8))
        case .generaliseDate(let granularity)?:
            return .generaliseDate(granularity)
        case .generaliseBands(let bounds)?:
            return .bands(Bands(bounds: bounds, integer: field.type == .integer))
        case .generalisePrefix(let count)?:
            return .prefix(count)
        case .round(let step)?:
            return .round(Rounding(step: step))
        case .redact(let kinds, let patterns)?:
            do {
                return .redact(try Redactor(kinds: kinds, patterns: patterns))
            } catch {
                throw PlanError("field '\(field.name)': a redact pattern does not compile")
            }
        }
    }

    /// Writes the published cells of `row` into `out`.
    func apply(_ row: ShapedRow, into out: ShapedRow) {
        out.reset()
        for position in 0..<published.count {
            let index = published[position]
            let cell = row.cell(index)
            let kind = row.kinds[index]
            if kind != .null, let operation = operations[position] {
                out.close(operation.apply(cell, into: out.bytes))
            } else {
                out.bytes.append(cell)
                out.close(kind)
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

extension FieldSpec {
    /// The Table Schema type of the published values, which an operator may change.
    public var publishedType: String {
        switch anonymise {
        case .generaliseDate(.year)?: "year"
        case .generaliseDate(.month)?: "yearmonth"
        case .pseudonymise?, .mask?, .generaliseBands?, .generalisePrefix?, .redact?: "string"
        default: type.rawValue
        }
    }
}
