import Foundation

/// The writing half of a dataset's row path, on its own thread: anonymises each validated row and
/// writes it in every format, or parks it for k-anonymity's second pass. The reading half (decode,
/// shape, validate) runs on the calling thread and hands rows over in batches.
final class RowPublisher: @unchecked Sendable {
    private let anonymiser: Anonymiser
    private let writers: [any RowWriter]
    private let privacy: PrivacySpec?
    private let spool: RowSpool?
    private var groups: GroupCounter
    private var temporal: TemporalTracker
    private var exponents: ExponentTracker
    private let cells: Int
    private let channel = RowChannel()
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    private(set) var published = 0
    private(set) var suppressed = 0
    private(set) var smallestGroup: Int?
    var temporalCoverage: TemporalCoverage? { temporal.coverage }
    /// The published fields with a number written with an exponent (see `ExponentTracker`).
    var exponentFields: Set<String> { Set(exponents.found.map { anonymiser.publishedNames[$0] }) }

    init(recipe: Recipe, anonymiser: Anonymiser, writers: [any RowWriter], work: URL) throws {
        self.anonymiser = anonymiser
        self.writers = writers
        privacy = recipe.privacy
        spool = try recipe.privacy.map { _ in try RowSpool(work.appendingPathComponent("rows.spool"), cells: anonymiser.published.count) }
        groups = GroupCounter(positions: recipe.privacy?.quasiIdentifiers.compactMap { anonymiser.publishedNames.firstIndex(of: $0) } ?? [])
        temporal = TemporalTracker(types: recipe.publishedFields.map(\.publishedType))
        exponents = ExponentTracker(types: recipe.publishedFields.map(\.publishedType))
        cells = recipe.fields.count
        let thread = Thread { [self] in
            self.consume()
            self.done.signal()
        }
        thread.name = "kiosque-publish"
        thread.start()
    }

    /// An empty batch for the reading thread; nil when the writing thread has failed.
    func batch() -> RowBatch? {
        channel.take()
    }

    func send(_ batch: RowBatch) {
        channel.send(batch)
    }

    /// The reading thread has failed: stop without publishing.
    func abandon() {
        channel.cancel()
        done.wait()
    }

    /// Waits for every row to be written, then runs k-anonymity's second pass; the written files.
    func finish() throws -> [WrittenFile] {
        channel.close()
        done.wait()
        if let failure { throw failure }
        if let spool, let privacy {
            try spool.replay { row in
                let size = groups.size(of: row)
                guard size >= privacy.k else {
                    suppressed += 1
                    return
                }
                smallestGroup = min(smallestGroup ?? size, size)
                try emit(row)
            }
        }
        return try writers.map { try $0.finish() }
    }

    private func consume() {
        let out = ShapedRow()
        while let batch = channel.receive() {
            do {
                anonymiser.prepare(batch, cells: cells)
                for index in 0..<batch.rows {
                    anonymiser.apply(batch, row: index, cells: cells, into: out)
                    if let spool {
                        groups.count(out)
                        try spool.append(out)
                    } else {
                        try emit(out)
                    }
                }
            } catch {
                failure = error
                channel.cancel()
                return
            }
            channel.recycle(batch)
        }
    }

    private func emit(_ row: ShapedRow) throws {
        for writer in writers { try writer.write(row) }
        temporal.observe(row)
        exponents.observe(row)
        published += 1
    }
}
