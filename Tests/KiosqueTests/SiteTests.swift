import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KiosqueCore

/// The static site: links, markup, feeds, templates, escaping, and a real browser.
@Suite("Static site")
struct SiteTests {
    /// Every `href` and `src` of every page that points inside the site names a file that exists.
    @Test("every link of every page resolves to a file that exists")
    func links() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let pages = sandbox.files(under: "Output").filter { $0.hasSuffix(".html") }
        #expect(pages.count == 12)  // home and three datasets, in fr, en and ar
        var checked = 0
        for page in pages {
            let html = try sandbox.text("Output/\(page)")
            let folder = URL(fileURLWithPath: page).deletingLastPathComponent().relativePath
            for link in Self.links(in: html) where !link.hasPrefix("http") && !link.hasPrefix("mailto:") && !link.hasPrefix("#") {
                let path = (folder == "." ? link : "\(folder)/\(link)")
                let resolved = URL(fileURLWithPath: "/" + path).standardizedFileURL.path.dropFirst()
                #expect(sandbox.exists("Output/\(resolved)"), "\(page) links to \(link), which does not exist")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    static func links(in html: String) -> [String] {
        var links: [String] = []
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                let tail = rest[start.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                links.append(String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
                rest = tail[end...]
            }
        }
        return links
    }

    @Test("each dataset page's JSON-LD parses and lists its downloads")
    func jsonLD() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        for (id, count) in [("demarches", 4), ("naissances", 3), ("services-en-ligne", 4)] {
            let html = try sandbox.text("Output/datasets/\(id)/index.html")
            let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
            let end = try #require(html[start.upperBound...].range(of: "</script>"))
            let object = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as! [String: Any]
            #expect(object["@type"] as? String == "Dataset")
            let downloads = object["distribution"] as! [[String: Any]]
            #expect(downloads.count == count)
            for download in downloads {
                #expect(download["@type"] as? String == "DataDownload")
                let url = download["contentUrl"] as! String
                #expect(url.hasPrefix("https://donnees.exemple.gouv.ci/datasets/\(id)/"))
            }
            // Every published field, and no dropped one.
            let variables = try #require(object["variableMeasured"] as? [[String: Any]])
            #expect(variables.allSatisfy { $0["@type"] as? String == "PropertyValue" })
            if id == "naissances" {
                #expect(variables.map { $0["name"] as? String } == ["numero_acte", "mois_naissance", "mois_declaration", "commune", "sexe", "poids_g", "taille_cm"])
                #expect(variables.first { $0["name"] as? String == "poids_g" }?["description"] as? String == "Poids à la naissance, en grammes")
            }
        }
        let english = try sandbox.text("Output/datasets/naissances/index.en.html")
        #expect(english.contains("{\"@type\":\"PropertyValue\",\"description\":\"Weight at birth, in grams\",\"name\":\"poids_g\"}"), "\(english)")
    }

    @Test("the feed and the sitemap are well-formed XML with an entry per version and a URL per page")
    func feeds() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        for (path, element, count) in [("Output/feed.atom", "entry", 3), ("Output/sitemap.xml", "url", 12)] {
            let parser = XMLParser(data: try sandbox.read(path))
            let counter = ElementCounter(element)
            parser.delegate = counter
            #expect(parser.parse(), "\(path): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(counter.count == count, "\(path)")
        }
        // Served at the host's root: robots.txt names the sitemap for crawlers; the publisher's own stays.
        #expect(try sandbox.text("Output/robots.txt") == "User-agent: *\nAllow: /\nSitemap: https://donnees.exemple.gouv.ci/sitemap.xml\n")
        try sandbox.write("Output/robots.txt", "User-agent: *\nDisallow: /brouillons/\n")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.text("Output/robots.txt") == "User-agent: *\nDisallow: /brouillons/\n")
    }

    @Test("served below the host's root, where crawlers never read it, no robots.txt is written")
    func noRobotsBelowRoot() throws {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", Sandbox.catalogYAML.replacingOccurrences(
            of: "base_url: https://donnees.test.example/", with: "base_url: https://www.test.example/donnees/"))
        try sandbox.write("Pipelines/sources/communes.csv", "code,libelle\n01,Abobo\n")
        try sandbox.write("Pipelines/communes.yml", "id: communes\ntitle: Communes\nsource: {url: sources/communes.csv}\nfields:\n  - {name: code}\n  - {name: libelle}\n")
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(sandbox.exists("Output/sitemap.xml") && !sandbox.exists("Output/robots.txt"))
        // One written while base_url was a host's root goes; one written by someone else stays.
        try sandbox.write("Output/robots.txt", "User-agent: *\nAllow: /\nSitemap: https://donnees.test.example/sitemap.xml\n")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(!sandbox.exists("Output/robots.txt"))
        try sandbox.write("Output/robots.txt", "User-agent: *\nDisallow: /brouillons/\n")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(sandbox.exists("Output/robots.txt"))
    }

    final class ElementCounter: NSObject, XMLParserDelegate {
        let name: String
        var count = 0
        init(_ name: String) { self.name = name }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if elementName == name { count += 1 }
        }
    }

    @Test("every page has its language set, and Arabic pages read right to left")
    func languages() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/index.html").contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(try sandbox.text("Output/index.en.html").contains("<html lang=\"en\" dir=\"ltr\">"))
        let arabic = try sandbox.text("Output/datasets/naissances/index.ar.html")
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("التنزيلات"))
        // Landmarks are named in the page's language, for screen readers.
        #expect(arabic.contains("<nav class=\"breadcrumb\" aria-label=\"مسار التنقل\">"))
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("<nav class=\"breadcrumb\" aria-label=\"Fil d’Ariane\">"))
        // A field without a description shows none (not the dataset's, as Mustache's lookup would).
        #expect(!arabic.contains("<td><span lang=\"fr\" dir=\"ltr\">Naissances déclarées à l&#39;état civil"))
        // A title with no Arabic text keeps its own language and direction.
        #expect(arabic.contains("<span lang=\"fr\" dir=\"ltr\">Naissances déclarées par commune</span>"))
        // Themes in Arabic; sizes, links and checksums isolated left to right inside the right-to-left page.
        #expect(arabic.contains("<span class=\"tag\">السكان والمجتمع</span>"))
        #expect(arabic.contains(" kB</bdi></td>"), "\(arabic)")
        // A long list of values wraps; a size does not.
        let css = try sandbox.text("Output/assets/kiosque.css")
        #expect(css.contains("td bdi.size { white-space: nowrap; }") && !css.contains("td bdi {"))
        // French writes sizes in octets with a decimal comma.
        let french = try sandbox.text("Output/datasets/naissances/index.html")
        #expect(french.contains("\u{00A0}ko</bdi></td>") && !french.contains(" kB</bdi>"), "\(french)")
        #expect(SiteStrings.size(21_058, in: "fr") == "21,1\u{00A0}ko" && SiteStrings.size(512, in: "fr") == "512\u{00A0}o")
        #expect(SiteStrings.size(21_058, in: "en") == "21.1 kB" && SiteStrings.size(3_400_000, in: "fr-CA") == "3,4\u{00A0}Mo")
        #expect(arabic.contains("<code class=\"hash\" dir=\"ltr\">"))
        #expect(arabic.contains("\" dir=\"ltr\">https://"))
    }

    @Test("the Arabic schema table: operators in Arabic, constraint expressions isolated left to right")
    func arabicSchema() throws {
        let sandbox = try EndToEndTests.examples()
        let recipe = try sandbox.text("Pipelines/naissances.yml")
            .replacingOccurrences(of: "    pattern: \"[0-9]{4}-[0-9]{6}\"\n", with: "    pattern: \"[0-9]{4}-[0-9]{6}\"\n    max_length: 11\n")
        try sandbox.write("Pipelines/naissances.yml", recipe)
        #expect(try sandbox.kiosque("run").status == 0)
        let arabic = try sandbox.text("Output/datasets/naissances/index.ar.html")
        // The site's own words exist in Arabic: no operator falls back to English.
        #expect(arabic.contains("<td>معمَّم إلى الشهر</td>"), "\(arabic)")
        #expect(arabic.contains("<td>محذوف، لا يُنشر أبدًا</td>"))
        #expect(!arabic.contains("generalised to the month") && !arabic.contains("dropped, never published"))
        // Braces, carets and comparison signs would be mirrored in a right-to-left cell.
        #expect(arabic.contains("<td><bdi dir=\"auto\">إلزامي</bdi> · <bdi dir=\"auto\">فريد</bdi> · <bdi dir=\"ltr\">≈\u{00A0}/[0-9]{4}-[0-9]{6}/</bdi> · <bdi dir=\"auto\">≤\u{00A0}11\u{00A0}حرفًا</bdi></td>"))
        #expect(arabic.contains("<bdi dir=\"ltr\">∈\u{00A0}{Abidjan, Bouaké,"))
        #expect(arabic.contains("<bdi dir=\"ltr\">≥\u{00A0}300</bdi>"))
        #expect(arabic.contains("إخفاء الهوية k: كل تركيبة منشورة من commune, sexe يشترك فيها 5 أسطر على الأقل."))
        // The count, then the version: two numbers side by side would read as one.
        #expect(arabic.contains("حُذف 4 أسطر من الإصدار \u{2066}2026-11-21\u{2069} لضمان ذلك: المجاميع المحسوبة على الملف أقل من مجاميع المصدر."), "\(arabic)")
        // A version's name reads left to right after Arabic words (its digits would count as
        // Arabic numbers, which `-` does not join: 2026-11-21.2 would show as 21.2-11-2026).
        #expect(arabic.contains("(الإصدار <bdi dir=\"ltr\">2026-11-21</bdi>)"))
        let changes = VersionChanges(previous: "2026-11-21", rowsBefore: 2, rowsAfter: 3, rowsAdded: 1, rowsRemoved: 0,
                                     rowsChanged: 0, fieldsAdded: [], fieldsRemoved: [])
        #expect(SiteStrings.note(changes, in: "ar") == "3 أسطر مقابل 2 في \u{2066}2026-11-21\u{2069}: 1 مضافة، 0 محذوفة، 0 معدلة")
        #expect(SiteStrings.note(changes, in: "fr") == "3 lignes contre 2 dans 2026-11-21 : 1 ajoutée, 0 retirée, 0 modifiée")
        // A length is counted in the page's own word.
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("<bdi dir=\"auto\">≤\u{00A0}11\u{00A0}car.</bdi>"))
        #expect(try sandbox.text("Output/datasets/naissances/index.en.html").contains("<bdi dir=\"auto\">≤\u{00A0}11\u{00A0}chars</bdi>"))
    }

    @Test("a field's type is named in the page's words beside its Table Schema name; in English, once")
    func typeNames() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let french = try sandbox.text("Output/datasets/naissances/index.html")
        #expect(french.contains("<th scope=\"row\"><code>poids_g</code></th><td>entier <code class=\"type\" dir=\"ltr\">integer</code></td>"), "\(french)")
        #expect(french.contains("<td>mois <code class=\"type\" dir=\"ltr\">yearmonth</code></td>"))
        #expect(french.contains("<th scope=\"row\"><code>nom_mere</code></th><td>—</td>"))
        let english = try sandbox.text("Output/datasets/naissances/index.en.html")
        #expect(english.contains("<th scope=\"row\"><code>poids_g</code></th><td>integer</td>"), "\(english)")
        let arabic = try sandbox.text("Output/datasets/naissances/index.ar.html")
        #expect(arabic.contains("<td>عدد صحيح <code class=\"type\" dir=\"ltr\">integer</code></td>"))
        // Every type the schema can publish has its words.
        for type in ["string", "integer", "number", "boolean", "date", "datetime", "year", "yearmonth"] {
            #expect(SiteStrings.typeName(type, in: "fr") != nil && SiteStrings.typeName(type, in: "ar") != nil, "\(type)")
        }
        #expect(Set(FieldType.allCases.map(\.rawValue)).isSubset(of: ["string", "integer", "number", "boolean", "date", "datetime", "year", "yearmonth"]))
    }

    @Test("a description of several paragraphs keeps its lines on the dataset's page; lists and meta tags show its first paragraph")
    func paragraphs() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/seul.yml", """
            id: seul
            title: Seul
            description: |
              Les demandes déposées
              en ligne.

              Champs :
              - code

            source: {url: sources/seul.csv}
            fields:
              - {name: code}

            """)
        try sandbox.write("Pipelines/sources/seul.csv", "code\nA1\n")
        #expect(try sandbox.kiosque("run").status == 0)
        let page = try sandbox.text("Output/datasets/seul/index.html")
        #expect(page.contains(">Les demandes déposées\nen ligne.\n\nChamps :\n- code</p>"), "\(page)")
        #expect(page.contains("<meta name=\"description\" content=\"Les demandes déposées en ligne.\">"))
        #expect(try sandbox.text("Output/assets/kiosque.css").contains(".lead { font-size: 1.1rem; color: var(--muted); white-space: pre-line; }"))
        let home = try sandbox.text("Output/index.html")
        #expect(home.contains(">Les demandes déposées en ligne.</p>") && !home.contains("Champs"), "\(home)")
    }

    /// With `SOURCE_DATE_EPOCH`, versions of one day share their second: their names do not sort
    /// (`2026-11-21/` comes after `2026-11-21.3/` byte for byte), their history does.
    @Test("the feed lists versions issued at the same second newest first")
    func feedOrderAtOneSecond() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/seul.yml", "id: seul\ntitle: Seul\nsource: {url: sources/seul.csv}\nfields:\n  - {name: code}\n")
        for rows in ["A1", "A1\nA2", "A1\nA2\nA3"] {
            try sandbox.write("Pipelines/sources/seul.csv", "code\n\(rows)\n")
            #expect(try sandbox.kiosque("run").status == 0)
        }
        let ids = try sandbox.text("Output/feed.atom").components(separatedBy: "<id>").dropFirst(2).map { $0.prefix { $0 != "<" } }
        #expect(ids == ["https://donnees.test.example/datasets/seul/2026-11-21.3/", "https://donnees.test.example/datasets/seul/2026-11-21.2/",
                        "https://donnees.test.example/datasets/seul/2026-11-21/"], "\(ids)")
    }

    @Test("a redacted field names what was removed in the page's words, with the placeholder a reuser meets in the file")
    func redactionWords() throws {
        let redact = AnonymiseOperator.redact(kinds: ["email", "phone"], patterns: ["dossier [0-9]+"])
        #expect(SiteStrings.operation(redact, in: "fr")
            == "caviardé\u{00A0}: adresses e-mail ([email]), numéros de téléphone ([phone]), motifs de la recette ([redacted])")
        #expect(SiteStrings.operation(redact, in: "en")
            == "redacted: e-mail addresses ([email]), phone numbers ([phone]), the recipe's patterns ([redacted])")
        // The brackets read left to right inside an Arabic sentence, where they would be mirrored.
        #expect(SiteStrings.operation(.redact(kinds: ["iban"], patterns: []), in: "ar") == "محجوب: أرقام IBAN (\u{2066}[iban]\u{2069})")
        // The placeholders named are the ones the redactor writes.
        let redactor = try Redactor(kinds: ["email", "phone", "iban"], patterns: ["dossier [0-9]+"])
        let out = ByteBuffer()
        let cell = Array("a.b@mail.ci, 07 07 07 07 07, FR7630006000011234567890189, dossier 12".utf8)
        cell.withUnsafeBufferPointer { redactor.redact($0, into: out) }
        #expect(String(decoding: out.elements, as: UTF8.self) == "[email], [phone], [iban], [redacted]")
    }

    @Test("counts of rows and characters agree with their number in French, English and Arabic")
    func counts() throws {
        #expect([0, 1, 2, 25].map { SiteStrings.rows($0, in: "fr") } == ["0 ligne", "1 ligne", "2 lignes", "25 lignes"])
        #expect([0, 1, 2, 25].map { SiteStrings.rows($0, in: "en-GB") } == ["0 rows", "1 row", "2 rows", "25 rows"])
        // Arabic: the noun alone for one and two, a plural for 3 to 10, the accusative singular
        // for 11 to 99, the singular for 0 and from 100 (again by the last two digits: 103, 111).
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1_000].map { SiteStrings.rows($0, in: "ar") }
            == ["0 سطر", "سطر واحد", "سطران", "3 أسطر", "10 أسطر", "11 سطرًا", "99 سطرًا", "100 سطر", "102 سطر",
                "103 أسطر", "111 سطرًا", "1000 سطر"])
        #expect(SiteStrings.characters(5, in: "ar") == "5\u{00A0}أحرف" && SiteStrings.characters(64, in: "ar") == "64\u{00A0}حرفًا")
        #expect(SiteStrings.characters(1, in: "en") == "1\u{00A0}char" && SiteStrings.characters(1, in: "fr") == "1\u{00A0}car.")
        let one = VersionChanges(previous: "2026-11-21", rowsBefore: 2, rowsAfter: 1, rowsAdded: 0, rowsRemoved: 1,
                                 rowsChanged: 1, fieldsAdded: [], fieldsRemoved: [])
        #expect(SiteStrings.note(one, in: "fr") == "1 ligne contre 2 dans 2026-11-21 : 0 ajoutée, 1 retirée, 1 modifiée")
        #expect(one.note == "1 row against 2 in 2026-11-21: 0 added, 1 removed, 1 changed")
        #expect(SiteStrings.note(one, in: "ar").hasPrefix("سطر واحد مقابل 2 في"))

        // A dataset of one row, on its pages, in its catalogue record and in the run's log.
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", Sandbox.catalogYAML.replacingOccurrences(of: "languages: [fr, en]", with: "languages: [fr, en, ar]"))
        try sandbox.write("Pipelines/seul.yml", "id: seul\ntitle: Seul\nsource: {url: sources/seul.csv}\nfields:\n  - {name: code, type: string, max_length: 5}\n")
        try sandbox.write("Pipelines/sources/seul.csv", "code\nA1\n")
        let run = try sandbox.kiosque("run")
        #expect(run.stdout == "seul: 1 row read, 1 published -> version 2026-11-21\n", "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/seul/index.html").contains("— 1 ligne</p>"))
        #expect(try sandbox.text("Output/feed.atom").contains("<summary>Première version\u{00A0}: 1 ligne</summary>"))
        #expect(try sandbox.text("Output/datasets/seul/index.en.html").contains("— 1 row</p>"))
        #expect(try sandbox.text("Output/datasets/seul/index.ar.html").contains("— سطر واحد</p>"))
        #expect(try sandbox.text("Output/datasets/seul/index.ar.html").contains("≤\u{00A0}5\u{00A0}أحرف"))
        #expect(try sandbox.text("Catalog/datasets/seul.jsonld").contains("First version: 1 row\""))
    }

    @Test("pages of a language the catalogue no longer has are removed; a retired dataset's and hand-made files stay")
    func staleLanguagePages() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(sandbox.exists("Output/datasets/naissances/index.en.html") && sandbox.exists("Output/index.ar.html"))
        // A page kiosque did not write, and a dataset whose recipe is withdrawn.
        try sandbox.write("Output/index.wo.html", "<p>une page faite à la main</p>")
        try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("demarches.yml"))
        let settings = try sandbox.text("Pipelines/catalog.yml")
        try sandbox.write("Pipelines/catalog.yml", settings.replacingOccurrences(of: "languages: [fr, en, ar]", with: "languages: [ar, fr]"))
        let result = try sandbox.kiosque("site", "--verbose")
        #expect(result.status == 0, "\(result.stderr)")
        // English is gone; Arabic is now the first language, so index.html, and French index.fr.html.
        for path in ["Output/index.en.html", "Output/index.ar.html", "Output/datasets/naissances/index.en.html",
                     "Output/datasets/naissances/index.ar.html"] {
            #expect(!sandbox.exists(path), "\(path)")
        }
        #expect(try sandbox.text("Output/index.html").contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(try sandbox.text("Output/datasets/naissances/index.fr.html").contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(result.stderr.contains("removed Output/index.en.html, a page the site no longer has"), "\(result.stderr)")
        #expect(sandbox.exists("Output/index.wo.html"))
        #expect(sandbox.exists("Output/datasets/demarches/index.en.html"))
    }

    @Test("an Arabic title is shown right to left on every page")
    func arabicTitle() throws {
        let sandbox = try EndToEndTests.examples()
        let recipe = try sandbox.text("Pipelines/naissances.yml")
            .replacingOccurrences(of: "  en: Registered births by municipality", with: "  en: Registered births by municipality\n  ar: المواليد المسجلة حسب البلدية")
        try sandbox.write("Pipelines/naissances.yml", recipe)
        #expect(try sandbox.kiosque("run", "naissances").status == 0)
        let page = try sandbox.text("Output/index.ar.html")
        #expect(page.contains("<span lang=\"ar\" dir=\"rtl\">المواليد المسجلة حسب البلدية</span>"))
    }

    @Test("a template in Pipelines/templates/ replaces the shipped one, and the stylesheet too")
    func overrides() throws {
        let sandbox = try EndToEndTests.examples()
        try sandbox.write("Pipelines/templates/footer.mustache", "<footer class=\"ministere\">République — {{words.feed}}</footer></body></html>\n")
        try sandbox.write("Pipelines/templates/kiosque.css", "body { font-family: Marianne, sans-serif; }\n")
        #expect(try sandbox.kiosque("run").status == 0)
        let page = try sandbox.text("Output/datasets/demarches/index.html")
        #expect(page.contains("<footer class=\"ministere\">République — Flux Atom des nouvelles versions</footer>"))
        #expect(try sandbox.text("Output/assets/kiosque.css") == "body { font-family: Marianne, sans-serif; }\n")
    }

    @Test("a dataset's page lists its 30 newest versions and sends to versions.json for the others; a template of one's own still gets them all")
    func earlierVersions() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/compte.yml", "id: compte\ntitle: Compte\nsource: {url: sources/compte.csv}\nfields:\n  - {name: jour}\n  - {name: n, type: integer}\n")
        var names: [String] = []
        for day in 0..<32 {
            try sandbox.write("Pipelines/sources/compte.csv", "jour;n\nJ;\(day)\n")
            let result = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1795248000 + day * 86400)])
            #expect(result.status == 0, "\(result.stderr)")
            names.append(try #require(try sandbox.workspace.loadHistory("compte")?.latest))
        }
        let page = try sandbox.text("Output/datasets/compte/index.html")
        #expect(page.components(separatedBy: "<li><h3>").count - 1 == 30)
        #expect(page.contains("<h3>\(names[31])</h3>") && page.contains("<h3>\(names[2])</h3>"))
        #expect(!page.contains("<h3>\(names[1])</h3>") && !page.contains("<h3>\(names[0])</h3>"))
        #expect(page.contains("Les 2 versions plus anciennes sont listées, avec leurs fichiers, dans <a href=\"versions.json\">versions.json</a>."))
        #expect(try sandbox.text("Output/datasets/compte/index.en.html").contains("2 earlier versions are listed, with their files, in <a href=\"versions.json\">versions.json</a>."))
        #expect(try sandbox.text("Output/datasets/compte/versions.json").contains("\"version\" : \"\(names[0])\""))
        // A publisher's template written against `versions` keeps every version.
        try sandbox.write("Pipelines/templates/dataset.mustache", "{{#versions}}[{{version}}]{{/versions}}")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.text("Output/datasets/compte/index.html") == names.reversed().map { "[\($0)]" }.joined())
    }

    @Test("a title holding <script> shows as text, in the page and in its JSON-LD")
    func escaping() throws {
        let sandbox = try EndToEndTests.examples()
        let recipe = try sandbox.text("Pipelines/demarches.yml")
            .replacingOccurrences(of: "  fr: Catalogue des démarches administratives", with: "  fr: \"Démarches <script>alert('x')</script> & co\"")
        try sandbox.write("Pipelines/demarches.yml", recipe)
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        for path in ["Output/index.html", "Output/datasets/demarches/index.html"] {
            let html = try sandbox.text(path)
            #expect(!html.contains("<script>alert"), "\(path)")
            #expect(html.contains("Démarches &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), "\(path)")
        }
        let page = try sandbox.text("Output/datasets/demarches/index.html")
        #expect(page.contains("Démarches \\u003cscript>alert('x')\\u003c/script> & co"))
    }

    @Test("the preview cuts long cells, so that twenty rows never make a heavy page")
    func previewCells() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let long = String(repeating: "é", count: 5_000)
        try sandbox.write("Pipelines/sources/notes.csv", "code,note\n" + (1...20).map { "\($0),\(long)\n" }.joined() + "21,courte\n")
        try sandbox.write("Pipelines/notes.yml", "id: notes\ntitle: Notes\nsource: {url: sources/notes.csv}\nfields:\n  - {name: code, type: integer}\n  - {name: note}\n")
        #expect(try sandbox.kiosque("run").status == 0)
        let page = try sandbox.text("Output/datasets/notes/index.html")
        #expect(page.contains("<td>" + String(repeating: "é", count: SitePreview.cellLength - 1) + "…</td>"))
        #expect(!page.contains(String(repeating: "é", count: SitePreview.cellLength)))
        #expect(page.utf8.count < 60_000)
        // The file itself is whole.
        #expect(try sandbox.text("Output/datasets/notes/notes.csv").contains(long))
        #expect(SitePreview.shortened("courte") == "courte")
    }
}

/// The site in Debian's Chromium, driven by Selenium: what a reuser's browser does with it.
@Suite("Static site in a real browser",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs chromium and chromium-driver (make test installs them)"))
struct BrowserTests {
    @Test("pages load without console errors, the filter narrows the list, screenshots are kept")
    func browser() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/browser_check.py")
        let screenshots = TestPaths.repository.appendingPathComponent(".build/screenshots")
        let result = try ProcessResult.run(URL(fileURLWithPath: python), [script.path, sandbox.output.path, screenshots.path, "naissances", "naiss"],
                                           in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        #expect(report["home_errors"] as? [String] == [])
        #expect(report["dataset_errors"] as? [String] == [])
        #expect(report["arabic_errors"] as? [String] == [])
        #expect(report["filter_shown"] as? Bool == true)
        #expect(report["all"] as? Int == 3)
        #expect(report["filtered"] as? Int == 1)
        #expect(report["cleared"] as? Int == 3)
        #expect(report["count_text"] as? String == "1 / 3 jeux de données affichés")
        #expect(report["jsonld_downloads"] as? Int == 3)
        #expect(report["preview_rows"] as? Int == 20)
        #expect(report["arabic_dir"] as? String == "rtl")
        #expect(report["phone_overflow"] as? Int == 0, "\(report)")
        for name in ["home.png", "home-filtered.png", "dataset.png", "dataset-phone.png", "home-ar.png"] {
            #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent(name).path), "\(name)")
        }
    }
}
