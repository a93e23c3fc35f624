import Crypto
import Foundation

/// Turns a validated row into the published row: dropped fields leave, the other operators
/// rewrite their cell. Built once per file, after the keys are read, before anything is fetched.
final class Anonymiser {
    /// Recipe field index of each published cell.
    let published: [Int]
    let publishedNames: [String]
    /// The identifier of each pseudonymised field's key (`PrivacyKeys.identifier`), by field name.
    let keyIdentifiers: [String: String]
    /// The operations of the `.operate` cells, reached through a pointer so that applying one
    /// neither copies nor retains it.
    private let operations: UnsafeMutableBufferPointer<CellOperation>
    /// The pseudonymised fields' codes for the batch being written.
    private let batchCodes: [BatchCodes]
    /// What `apply` does with each published cell, or each run of cells published as they are,
    /// in plain values: no reference counting per cell.
    private let plans: UnsafeMutableBufferPointer<CellPlan>
    private let planCount: Int

    private struct CellPlan {
        enum Action { case copy, code, operate }
        var field: Int
        var action: Action
        /// For `.copy`: how many cells, from `field` on, are published as they are.
        var cells = 1
        /// For `.code`: the batch's digests, 32 bytes a row, and the pseudonym's length.
        var digests: UnsafeMutablePointer<UInt8>?
        var length = 0
        /// For `.operate`: its place in `operations`.
        var operation = 0
    }

    init(recipe: Recipe, environment: [String: String]) throws(PlanError) {
        published = recipe.fields.indices.filter { !recipe.fields[$0].isDropped }
        publishedNames = published.map { recipe.fields[$0].name }
        var compiled: [CellOperation?] = []
        var identifiers: [String: String] = [:]
        for index in published {
            let field = recipe.fields[index]
            compiled.append(try Self.compile(field, environment: environment, identifiers: &identifiers))
        }
        keyIdentifiers = identifiers
        var codes: [BatchCodes] = []
        var operated: [CellOperation] = []
        plans = .allocate(capacity: published.count)
        var count = 0
        for (position, field) in published.enumerated() {
            let plan: CellPlan
            switch compiled[position] {
            case nil:
                // Neighbours in the source and in the output: one copy for the whole run.
                if count > 0, case let last = plans[count - 1], last.action == .copy, last.field + last.cells == field {
                    plans[count - 1].cells += 1
                    continue
                }
                plan = CellPlan(field: field, action: .copy)
            case .pseudonymise(let keyed, let length)?:
                let batch = BatchCodes(field: field, keyed: keyed)
                codes.append(batch)
                plan = CellPlan(field: field, action: .code, digests: batch.digests, length: length)
            case let operation?:
                plan = CellPlan(field: field, action: .operate, operation: operated.count)
                operated.append(operation)
            }
            (plans.baseAddress! + count).initialize(to: plan)
            count += 1
        }
        planCount = count
        batchCodes = codes
        self.operations = .allocate(capacity: operated.count)
        _ = self.operations.initialize(from: operated)
    }

    deinit {
        plans.deallocate()
        operations.baseAddress?.deinitialize(count: operations.count)
        operations.deallocate()
    }

    private static func compile(_ field: FieldSpec, environment: [String: String],
                                identifiers: inout [String: String]) throws(PlanError) -> CellOperation? {
        switch field.anonymise {
        case nil, .drop?:
            return nil
        case .pseudonymise(let reference, let length, let pinned)?:
            let key = try PrivacyKeys.resolve(reference, field: field.name, environment: environment)
            if let problem = PrivacyKeys.pinProblem(field: field.name, variable: PrivacyKeys.variable(in: reference), key: key, pinned: pinned) {
                throw PlanError(problem)
            }
            identifiers[field.name] = PrivacyKeys.identifier(of: key)
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

    /// Computes the pseudonyms of every row in `batch` at once (SIMD lanes), for `apply(_:row:cells:into:)`.
    func prepare(_ batch: RowBatch, cells: Int) {
        for codes in batchCodes { codes.compute(batch, cells: cells) }
    }

    /// Writes the published cells of row `index` of `batch` (whose codes `prepare` computed)
    /// into `out`.
    func apply(_ batch: RowBatch, row index: Int, cells: Int, into out: ShapedRow) {
        out.reset()
        let first = index * cells
        for position in 0..<planCount {
            let plan = plans.baseAddress! + position
            let field = plan.pointee.field
            switch plan.pointee.action {
            case .copy:
                // Null cells too: their kind comes with them.
                out.copy(batch, row: index, cells: cells, from: field, count: plan.pointee.cells)
            case _ where batch.kinds[first + field] == .null:
                out.close(.null)
            case .code:
                CellOperation.hex(plan.pointee.digests! + 32 * index, length: plan.pointee.length, into: out.bytes)
                out.close(.string)
            case .operate:
                let operation = operations.baseAddress! + plan.pointee.operation
                out.close(operation.pointee.apply(batch.cell(index, field, cells: cells), into: out.bytes))
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
    let values = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: RowBatch.capacity)
    let lengths = UnsafeMutablePointer<Int>.allocate(capacity: RowBatch.capacity)
    let digests = UnsafeMutablePointer<UInt8>.allocate(capacity: RowBatch.capacity * 32)

    init(field: Int, keyed: Pseudonymiser) {
        self.field = field
        self.keyed = keyed
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
