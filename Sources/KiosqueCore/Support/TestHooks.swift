import Foundation

/// Places where the crash-safety tests may ask a run to linger, so that a kill lands there:
/// `KIOSQUE_TEST_PAUSE_MS=50` sleeps that long at each. Unset, as in every real run, they do nothing.
enum TestHooks {
    private static let pause: Double? = ProcessInfo.processInfo.environment["KIOSQUE_TEST_PAUSE_MS"].flatMap(Double.init)

    static func pause(_ place: StaticString) {
        if let pause { Thread.sleep(forTimeInterval: pause / 1000) }
    }
}
