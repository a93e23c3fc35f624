import Foundation

/// The catalogue settings and the recipes a command works on, loaded with every diagnostic.
public struct RecipeSet: Sendable {
    public var settings: CatalogSettings?
    public var recipes: [Recipe]
    public var diagnostics: [Diagnostic]
    /// How many recipe files were read, with or without errors.
    public var filesRead = 0

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Loads `catalog.yml` and the recipes `targets` name: recipe files, folders of recipes, or dataset ids.
    /// No target means every recipe in the pipelines folder.
    /// `environment`, when given, is where pseudonymisation keys are looked for (a missing or short key
    /// is an error); `hints` adds `check`'s warnings about fields that look personal.
    public static func load(_ workspace: Workspace, targets: [String], environment: [String: String]? = nil,
                            hints: Bool = false) -> RecipeSet {
        var diagnostics: [Diagnostic] = []
        if let missing = missingPipelines(workspace) {
            return RecipeSet(settings: nil, recipes: [], diagnostics: [missing])
        }
        let (settings, catalogDiagnostics) = CatalogLoader.load(workspace.catalogSettingsFile,
                                                                displayPath: displayPath(workspace.catalogSettingsFile))
        diagnostics += catalogDiagnostics
        var files: [URL] = []
        for target in targets.isEmpty ? [workspace.pipelines.path] : targets {
            switch resolve(target, in: workspace) {
            case .success(let found): files += found.filter { !files.contains($0) }
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        var recipes: [Recipe] = []
        for file in files {
            let (recipe, found) = RecipeLoader.load(file, displayPath: displayPath(file), catalog: settings)
            diagnostics += found
            guard let recipe else { continue }
            // check (the one asking for hints) warns about a key not set where it runs; run stops on it.
            if let environment { diagnostics += PrivacyKeys.diagnostics(recipe, environment: environment, missingIsError: !hints) }
            if hints {
                // A pattern's files, listed once: the first is looked at as a single source is, and named.
                let files = recipe.source.isFilePattern ? (try? SourceFiles.matching(recipe.source.url, recipe: recipe.file)) ?? [] : []
                let firstName = files.first.map { SourceFiles.shownName($0, recipe: recipe.file) }
                // What the first file's rows showed (at each field's place), which the last's need not say again.
                var shownBefore: (personal: Set<SourceLocation>, types: Set<SourceLocation>) = ([], [])
                // A workbook's sheet is converted once for both looks at it.
                diagnostics += LocalSourceSample.withSource(recipe, roots: settings?.allowedFileRoots ?? [], file: files.first) { open in
                    let reader: any RecordReader
                    do {
                        reader = try open()
                    } catch let error as DecodeError {
                        // What run would fail the dataset with (a source error says no value).
                        return Self.named(firstName, Self.unreadable(error, recipe)) + PersonalDataHints.warnings(recipe, reader: nil)
                    } catch {
                        return PersonalDataHints.warnings(recipe, reader: nil)
                    }
                    // The header first, then the sample for personal data, then the rest of a JSON file for its keys.
                    let personal = PersonalDataHints.warnings(recipe, reader: reader)
                    let found = Self.named(firstName, SourceHints.columnWarnings(recipe, reader: reader)) + personal
                        + SourceHints.absentKeyWarnings(recipe, reader: reader)
                    // A second look at the first rows, through the recipe's casts.
                    let types = (try? open()).map { TypeHints.warnings(recipe, reader: $0) } ?? []
                    shownBefore = (Set(personal.compactMap(\.location)), Set(types.compactMap(\.location)))
                    return found + types
                } ?? PersonalDataHints.warnings(recipe, reader: nil)
                diagnostics += Self.laterFileWarnings(recipe, files: files.dropFirst(), roots: settings?.allowedFileRoots ?? [])
                if files.count > 1, let last = files.last {
                    diagnostics += Self.lastFileWarnings(recipe, last: last, shownBefore: shownBefore, roots: settings?.allowedFileRoots ?? [])
                }
                diagnostics += SourceHints.warnings(recipe, environment: environment ?? [:])
                if let history = try? workspace.loadHistory(recipe.id) {
                    if let warning = ExposedVersions.warning(recipe, history: history, workspace: workspace) {
                        let spot = recipe.fields.first { warning.fields.contains($0.name) }?.spot
                        diagnostics.append(Diagnostic(.warning, warning.message, at: spot))
                    }
                    // A key run would refuse: another than the published pseudonyms', not pinned.
                    let identifiers = PrivacyKeys.identifiers(recipe, environment: environment ?? [:])
                    for problem in PseudonymKeys.compare(recipe, identifiers: identifiers, history: history).problems {
                        diagnostics.append(Diagnostic(.error, problem.message + "; kiosque run fails the dataset until then", at: problem.fields[0].anonymiseSpot))
                    }
                }
            }
            recipes.append(recipe)
        }
        // Two recipes of one id (from two folders) would publish to one folder, at once with --jobs.
        var seen: [String: Recipe] = [:]
        for recipe in recipes {
            guard let first = seen[recipe.id] else {
                seen[recipe.id] = recipe
                continue
            }
            diagnostics.append(Diagnostic(.error, "dataset id '\(recipe.id)' is given by two recipes, \(displayPath(first.file)) and \(displayPath(recipe.file)); a dataset has one recipe and one folder under datasets/: name one of them, or rename one (its file and its id)", at: nil))
        }
        return RecipeSet(settings: settings, recipes: recipes, diagnostics: diagnostics, filesRead: files.count)
    }

    /// One error that says what to do when there is no pipelines folder at all, rather than a
    /// missing catalog.yml and a missing target.
    public static func missingPipelines(_ workspace: Workspace) -> Diagnostic? {
        if FileSystem.isFolder(workspace.pipelines) { return nil }
        return Diagnostic(.error, "no pipelines folder at \(displayPath(workspace.pipelines))\(whereRelative(workspace.pipelines)); run kiosque init to create one, or pass --pipelines DIR", at: nil)
    }

    /// For a folder given relative to the current one, which that is: cron starts its jobs in the
    /// home folder, and a crontab line without `cd` looks for `Pipelines/` there.
    public static func whereRelative(_ url: URL) -> String {
        let shown = displayPath(url)
        guard !shown.hasPrefix("/") else { return "" }
        return " (in \(FileManager.default.currentDirectoryPath), the current folder: a cron job starts in the home folder unless its line does cd first)"
    }

    /// `found` in a file of a pattern, said with the file's name first; as it is without one.
    private static func named(_ name: String?, _ found: [Diagnostic]) -> [Diagnostic] {
        guard let name else { return found }
        return found.map { diagnostic in
            var named = diagnostic
            named.message = "\(name): \(diagnostic.message)"
            return named
        }
    }

    /// What run would fail the dataset with, for a local source it cannot read (a source error says no value).
    private static func unreadable(_ error: DecodeError, _ recipe: Recipe) -> [Diagnostic] {
        [Diagnostic(.warning, "\(error.message) (seen in the local source file as it is now; run fails the dataset until it is fixed)",
                    at: Self.spot(of: error, in: recipe))]
    }

    /// A pattern's files after the first, each checked for the columns the recipe reads, as run
    /// will when it reaches them (the first is checked as a single source is). At most 1000.
    private static func laterFileWarnings(_ recipe: Recipe, files: ArraySlice<String>, roots: [URL]) -> [Diagnostic] {
        let found = files.prefix(1000).map { file -> [Diagnostic] in
            let name = SourceFiles.shownName(file, recipe: recipe.file)
            return LocalSourceSample.withSource(recipe, roots: roots, file: file) { open in
                do {
                    return Self.named(name, SourceHints.columnWarnings(recipe, reader: try open()))
                } catch let error as DecodeError {
                    return Self.named(name, Self.unreadable(error, recipe))
                } catch {
                    return []
                }
            } ?? []
        }.filter { !$0.isEmpty }
        // A folder of a hundred exports that all changed alike: the first ten files say it.
        guard found.count > 10 else { return found.flatMap { $0 } }
        return found.prefix(10).flatMap { $0 } + [Diagnostic(.warning, "and \(found.count - 10) more files the source url's pattern matches have warnings like these", at: recipe.source.urlSpot)]
    }

    /// A pattern's last file (most often the newest export, when files are named by date), looked
    /// at as the first is for personal values and for values its fields' types do not read, for
    /// the fields the first file's rows did not show (`shownBefore`, each at its field's place); named.
    private static func lastFileWarnings(_ recipe: Recipe, last: String, shownBefore: (personal: Set<SourceLocation>, types: Set<SourceLocation>),
                                         roots: [URL]) -> [Diagnostic] {
        let name = SourceFiles.shownName(last, recipe: recipe.file)
        let found = LocalSourceSample.withSource(recipe, roots: roots, file: last) { open -> [Diagnostic] in
            let values = (try? open()).map { PersonalDataHints.valueWarnings(recipe, reader: $0) } ?? []
            let personal = values.map { field, finding in Diagnostic(.warning, "field '\(field.name)' \(finding)", at: field.spot) }
            let types = (try? open()).map { TypeHints.warnings(recipe, reader: $0) } ?? []
            func new(_ diagnostic: Diagnostic, _ before: Set<SourceLocation>) -> Bool { diagnostic.location.map { !before.contains($0) } ?? true }
            return personal.filter { new($0, shownBefore.personal) } + types.filter { new($0, shownBefore.types) }
        } ?? []
        return Self.named(name, found)
    }

    /// Where `check` points for a source it cannot read: the key the error tells to change, else the url.
    private static func spot(of error: DecodeError, in recipe: Recipe) -> SourceSpot? {
        switch error.key {
        case "encoding": recipe.source.encodingSpot ?? recipe.source.urlSpot
        case "unpivot": recipe.source.unpivotSpot ?? recipe.source.urlSpot
        default: recipe.source.urlSpot
        }
    }

    static func resolve(_ target: String, in workspace: Workspace) -> Result<[URL], Diagnostic> {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return .success(recipeFiles(in: url)) }
            return .success([url])
        }
        let byID = workspace.pipelines.appendingPathComponent("\(target).yml")
        if RecipeLoader.isIdentifier(target), FileManager.default.fileExists(atPath: byID.path) {
            return .success([byID])
        }
        let known = recipeFiles(in: workspace.pipelines).map { $0.deletingPathExtension().lastPathComponent }
        return .failure(Diagnostic(.error, "no recipe file or dataset id '\(target)' in \(displayPath(workspace.pipelines))\(Suggestion.hint(for: target, in: known))", at: nil))
    }

    /// Every `*.yml` recipe of a folder, `catalog.yml` aside, in name order.
    static func recipeFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && $0 != "catalog.yml" && !$0.hasPrefix(".") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// A path as the user would type it: relative to the current folder when inside it.
    public static func displayPath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}
