import Dispatch
import Synchronization

enum Parallel {
    /// `transform` of each item, in the items' order, computed on every core at once. Every item is
    /// transformed even when one throws; then the first error, in the items' order, is thrown.
    /// For work whose items share nothing but values (pages, documents).
    static func map<Item: Sendable, Value: Sendable>(_ items: [Item], _ transform: @Sendable (Item) throws -> Value) throws -> [Value] {
        let results = Mutex<[Result<Value, any Error>?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let result = Result { try transform(items[index]) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }
}
