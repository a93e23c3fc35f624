import Foundation
import Logging
import Synchronization

public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Where log lines go; one lock keeps lines from different datasets whole.
public final class LogSink: Sendable {
    private let write: @Sendable (String, Bool) -> Void

    /// `toStandardOutput` is true for summary lines, false for diagnostics.
    public init(_ write: @escaping @Sendable (String, Bool) -> Void) {
        self.write = write
    }

    public static let standard = LogSink { line, toStandardOutput in
        let handle = toStandardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data((line + "\n").utf8))
    }

    /// Every line on standard error: for `describe`, whose standard output is the draft recipe.
    public static let standardError = LogSink { line, _ in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func emit(_ line: String, toStandardOutput: Bool) {
        write(line, toStandardOutput)
    }
}

/// Logs for people and for cron. Text: `notice` lines are the run's summary on standard output,
/// warnings and errors go to standard error. JSON: one object a line on standard output
/// (time, level, dataset, event, message, counts, duration).
public struct KiosqueLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let format: LogFormat
    private let sink: LogSink

    public init(format: LogFormat, level: Logger.Level, sink: LogSink = .standard) {
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        switch format {
        case .text:
            let dataset = merged["dataset"].map { "\($0): " } ?? ""
            switch event.level {
            case .notice:
                sink.emit("\(event.message)", toStandardOutput: true)
            case .trace, .debug, .info:
                sink.emit("kiosque: \(dataset)\(event.message)", toStandardOutput: false)
            case .warning:
                sink.emit("kiosque: warning: \(dataset)\(event.message)", toStandardOutput: false)
            case .error, .critical:
                sink.emit("kiosque: error: \(dataset)\(event.message)", toStandardOutput: false)
            }
        case .json:
            var object: [String: Any] = [
                "time": Self.now(),
                "level": event.level.rawValue,
                "message": event.message.description,
            ]
            for (key, value) in merged { object[key] = Self.json(value) }
            let data = (try? SortedJSON.data(object, pretty: false)) ?? Data()
            sink.emit(String(decoding: data, as: UTF8.self), toStandardOutput: true)
        }
    }

    /// Text stays text whatever it looks like (a dataset called `2024`, `nan` or `1e5` is a
    /// string); counts and durations, given with `.number` and `.seconds`, are numbers.
    private static func json(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value as Int): value
        case .stringConvertible(let value as Bool): value
        case .stringConvertible(let value as Double) where value.isFinite: value
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    private static func now() -> String {
        let now = Date()
        let base = RunClock.timestamp(now).dropLast()
        let milliseconds = Int((now.timeIntervalSince1970 * 1000).truncatingRemainder(dividingBy: 1000))
        return "\(base).\(String(format: "%03d", milliseconds))Z"
    }
}

extension Logger.MetadataValue {
    /// A count, written as a JSON number in JSON logs.
    public static func number(_ value: Int) -> Self { .stringConvertible(value) }

    /// A yes or no, written as a JSON boolean in JSON logs.
    public static func bool(_ value: Bool) -> Self { .stringConvertible(value) }

    /// A duration in seconds to the millisecond, written as a JSON number in JSON logs.
    public static func seconds(_ value: Double) -> Self { .stringConvertible((value * 1000).rounded() / 1000) }
}
