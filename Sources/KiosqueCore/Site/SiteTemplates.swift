import Foundation
import Mustache

/// The templates in use: the built-in ones, each replaced by `Pipelines/templates/<name>.mustache`
/// when the publisher has one, and the stylesheet, replaced by `Pipelines/templates/kiosque.css`.
struct SiteTemplates {
    let library: MustacheLibrary
    let stylesheet: String

    init(pipelines: URL) throws {
        let folder = pipelines.appendingPathComponent("templates")
        var library = MustacheLibrary()
        for name in DefaultTemplates.names {
            let custom = folder.appendingPathComponent("\(name).mustache")
            let text = (try? String(contentsOf: custom, encoding: .utf8)) ?? DefaultTemplates.all[name]!
            do {
                try library.register(text, named: name)
            } catch {
                throw PublishError("the template \(FileManager.default.fileExists(atPath: custom.path) ? custom.path : name) does not parse: \(error)")
            }
        }
        self.library = library
        stylesheet = (try? String(contentsOf: folder.appendingPathComponent("kiosque.css"), encoding: .utf8)) ?? DefaultTemplates.stylesheet
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw PublishError("the template \(name) could not be rendered")
        }
        return text
    }
}
