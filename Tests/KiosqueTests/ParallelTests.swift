import Synchronization
import Testing
@testable import KiosqueCore

@Suite("Parallel map")
struct ParallelTests {
    struct Failure: Error, Equatable {
        let item: Int
    }

    @Test("results come in the items' order")
    func order() throws {
        let items = Array(0..<1000)
        #expect(try Parallel.map(items) { $0 * 3 } == items.map { $0 * 3 })
        #expect(try Parallel.map([Int]()) { $0 }.isEmpty)
    }

    @Test("every item is transformed even when some throw; the first in order is thrown")
    func errors() {
        let visited = Atomic<Int>(0)
        #expect(throws: Failure(item: 37)) {
            try Parallel.map(Array(0..<200)) { item -> Int in
                visited.add(1, ordering: .relaxed)
                if item == 64 || item == 37 || item == 150 { throw Failure(item: item) }
                return item
            }
        }
        #expect(visited.load(ordering: .relaxed) == 200)
    }
}
