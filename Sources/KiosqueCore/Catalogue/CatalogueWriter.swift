import Foundation

/// Writes `Catalog/` (catalogue and per-dataset version records, JSON-LD and Turtle) and its copy
/// under `Output/catalog/`, each file replaced atomically.
struct CatalogueWriter {
    let settings: CatalogSettings
    let workspace: Workspace

    private enum Document {
        case catalogJSONLD, catalogTurtle
        /// The version chain of the dataset at this index.
        case versionChain(Int)
    }

    /// `datasets`: every recipe that has a publication, with its history. Returns the paths of the
    /// files, relative to `Catalog/` (their copies are under `Output/catalog/`).
    @discardableResult
    func write(_ datasets: [(Recipe, VersionHistory)]) throws -> [String] {
        let builder = DCATBuilder(settings: settings)
        let sorted = datasets.sorted { $0.0.id < $1.0.id }
        let catalog = builder.catalog(datasets: sorted)
        // The documents share nothing but values: they are serialised on every core.
        let documents: [Document] = [.catalogJSONLD, .catalogTurtle] + sorted.indices.map(Document.versionChain)
        let files: [(String, Data)] = try Parallel.map(documents) { document in
            switch document {
            case .catalogJSONLD: ("catalog.jsonld", try JSONLDWriter.document([catalog]))
            case .catalogTurtle: ("catalog.ttl", Data(TurtleWriter.document([catalog]).utf8))
            case .versionChain(let index):
                ("datasets/\(sorted[index].0.id).jsonld",
                 try JSONLDWriter.document(builder.versionChain(sorted[index].0, history: sorted[index].1)))
            }
        }
        for root in [workspace.catalog, workspace.output.appendingPathComponent("catalog")] {
            for (path, data) in files {
                let url = root.appendingPathComponent(path)
                if FileManager.default.contents(atPath: url.path) != data {
                    try FileSystem.writeAtomically(data, to: url)
                }
            }
            // Records of datasets that are no longer described.
            let kept = Set(sorted.map { "\($0.0.id).jsonld" })
            let folder = root.appendingPathComponent("datasets")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".jsonld") && !kept.contains(name) {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
            TestHooks.pause("catalogue-root-written")
        }
        return files.map(\.0)
    }
}
