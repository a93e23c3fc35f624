import Foundation

/// The three folders of the design (`Pipelines/`, `Catalog/`, `Output/`) and the paths inside them.
public struct Workspace: Sendable {
    public var pipelines: URL
    public var catalog: URL
    public var output: URL

    public init(pipelines: URL, catalog: URL, output: URL) {
        self.pipelines = pipelines.standardizedFileURL
        self.catalog = catalog.standardizedFileURL
        self.output = output.standardizedFileURL
    }

    public var catalogSettingsFile: URL { pipelines.appendingPathComponent("catalog.yml") }
    public var datasetsFolder: URL { output.appendingPathComponent("datasets") }
    /// Work in progress: downloads and staging, on the same file system as what they become.
    public var temporaryFolder: URL { output.appendingPathComponent(".tmp") }

    public func datasetFolder(_ id: String) -> URL { datasetsFolder.appendingPathComponent(id) }
    public func versionFolder(_ id: String, _ version: String) -> URL { datasetFolder(id).appendingPathComponent(version) }
    public func historyFile(_ id: String) -> URL { datasetFolder(id).appendingPathComponent("versions.json") }
    public func stableFile(_ id: String, _ format: PublishFormat) -> URL {
        datasetFolder(id).appendingPathComponent(format.fileName(for: id))
    }

    public func loadHistory(_ id: String) throws -> VersionHistory? {
        try VersionHistory.load(historyFile(id))
    }

    /// The published URL of a path under `Output/`.
    public static func publicURL(_ base: String, _ path: String) -> String {
        base + path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
    }
}
