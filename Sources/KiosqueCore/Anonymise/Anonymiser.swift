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
    /// The pseudonymised cells' codes for the batch being written, by published position.
    private let batchCodes: [BatchCodes?]

    init(recipe: Recipe, environment: [String: String]) throws(PlanError) {
        published = recipe.fields.indices.filter { !recipe.fields[$0].isDropped }
        publishedNames = published.map { recipe.fields[$0].name }
        var operations: [CellOperation?] = []
        for index in published {
            let field = recipe.fields[index]
            operations.append(try Self.compile(field, environment: environment))
        }
        self.operations = operations
        let fields = published
        batchCodes = operations.enumerated().map { position, operation in
            guard case .pseudonymise(let keyed, let length)? = operation else { return nil }
            return BatchCodes(field: fields[position], keyed: keyed, length: length)
        }
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

    /// Computes the pseudonyms of every row in `batch` at once (SIMD lanes), for `apply(_:into:batchRow:)`.
    func prepare(_ batch: RowBatch, cells: Int) {
        for case let codes? in batchCodes { codes.compute(batch, cells: cells) }
    }

    /// Writes the published cells of `row` into `out`; `batchRow` is its index in the batch
    /// given to `prepare`, whose codes it then uses.
    func apply(_ row: ShapedRow, into out: ShapedRow, batchRow: Int? = nil) {
        out.reset()
        for position in 0..<published.count {
            let index = published[position]
            let cell = row.cell(index)
            let kind = row.kinds[index]
            if kind != .null, let operation = operations[position] {
                if let batchRow, let codes = batchCodes[position] {
                    CellOperation.hex(codes.digests + 32 * batchRow, length: codes.length, into: out.bytes)
                    out.close(.string)
                    continue
                }
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

/// One pseudonymised field's codes for a whole batch, in buffers allocated once per file.
private final class BatchCodes {
    let field: Int
    let keyed: Pseudonymiser
    let length: Int
    let values = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: RowBatch.capacity)
    let lengths = UnsafeMutablePointer<Int>.allocate(capacity: RowBatch.capacity)
    let digests = UnsafeMutablePointer<UInt8>.allocate(capacity: RowBatch.capacity * 32)

    init(field: Int, keyed: Pseudonymiser, length: Int) {
        self.field = field
        self.keyed = keyed
        self.length = length
    }

    deinit {
        values.deallocate()
        lengths.deallocate()
        digests.deallocate()
    }

    /// Null cells are hashed too (as empty values) and their codes never used.
    func compute(_ batch: RowBatch, cells: Int) {
        for row in 0..<batch.rows {
            let cell = batch.cell(row, field, cells: cells)
            values[row] = cell.baseAddress.map { UnsafePointer($0) }
            lengths[row] = cell.count
        }
        keyed.codes(values, lengths: lengths, count: batch.rows, into: digests)
    }
}
