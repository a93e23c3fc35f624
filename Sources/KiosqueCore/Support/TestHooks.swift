import Foundation

/// Places where the crash-safety tests may ask a run to linger or to die, so that a kill lands there:
/// `KIOSQUE_TEST_PAUSE_MS=50` sleeps that long at each; `KIOSQUE_TEST_KILL_AT=<place>` sends the
/// process SIGKILL when it reaches that place; `KIOSQUE_TEST_FAIL_AT=<place>` makes the write there
/// fail as a full disk does. Unset, as in every real run, they do nothing.
enum TestHooks {
    private static let environment = ProcessInfo.processInfo.environment
    private static let pause: Double? = environment["KIOSQUE_TEST_PAUSE_MS"].flatMap(Double.init)
    private static let killAt: String? = environment["KIOSQUE_TEST_KILL_AT"]
    private static let failAt: String? = environment["KIOSQUE_TEST_FAIL_AT"]

    static func pause(_ place: StaticString) {
        if let killAt, killAt == place.description { kill(getpid(), SIGKILL) }
        if let pause { Thread.sleep(forTimeInterval: pause / 1000) }
    }

    /// Throws the error a full disk gives, at `place`, when the test asks for it.
    static func failure(_ place: StaticString, writing url: URL) throws {
        if let failAt, failAt == place.description { throw WriteError.cannotWrite(url.path, ENOSPC) }
    }
}
