/// The pages' Mustache templates and stylesheet, shipped inside the tool. A publisher overrides any
/// of them with a file of the same name in `Pipelines/templates/` (`home.mustache`, `kiosque.css`…).
enum DefaultTemplates {
    static let names = ["header", "footer", "home", "dataset", "feed", "sitemap"]

    static let all: [String: String] = [
        "header": header, "footer": footer, "home": home, "dataset": dataset, "feed": feed, "sitemap": sitemap,
    ]

    static let header = """
        <!DOCTYPE html>
        <html lang="{{lang}}" dir="{{dir}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{pageTitle}}</title>
        {{#pageDescription}}<meta name="description" content="{{pageDescription}}">{{/pageDescription}}
        <link rel="stylesheet" href="{{root}}assets/kiosque.css">
        <link rel="alternate" type="application/atom+xml" title="{{words.feed}}" href="{{root}}feed.atom">
        {{#datasetFeed}}<link rel="alternate" type="application/atom+xml" title="{{words.datasetFeed}}" href="feed.atom">
        {{/datasetFeed}}
        {{#alternates}}<link rel="alternate" hreflang="{{code}}" href="{{href}}">
        {{/alternates}}
        </head>
        <body>
        <a class="skip" href="#main">{{words.skip}}</a>
        <header class="site">
        <p class="brand"><a href="{{root}}{{homeFile}}">{{#catalogTitle}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/catalogTitle}}</a></p>
        <nav aria-label="{{words.language}}">
        <ul class="languages">
        {{#alternates}}<li>{{#current}}<span aria-current="page" lang="{{code}}">{{name}}</span>{{/current}}{{^current}}<a href="{{file}}" hreflang="{{code}}" lang="{{code}}">{{name}}</a>{{/current}}</li>
        {{/alternates}}
        </ul>
        </nav>
        </header>

        """

    static let footer = """
        <footer class="site">
        <ul>
        <li><a href="{{root}}catalog/catalog.jsonld">{{words.catalogue}} (JSON-LD)</a></li>
        <li><a href="{{root}}catalog/catalog.ttl">{{words.catalogue}} (Turtle)</a></li>
        <li><a href="{{root}}feed.atom">{{words.feed}}</a></li>
        </ul>
        <p>{{generatedBy}}</p>
        </footer>
        </body>
        </html>

        """

    static let home = """
        {{> header}}
        <main id="main">
        <h1>{{#catalogTitle}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/catalogTitle}}</h1>
        {{#catalogDescription}}<p class="lead" lang="{{lang}}" dir="{{dir}}">{{text}}</p>{{/catalogDescription}}
        <h2 id="datasets-title">{{words.datasets}}</h2>
        <div class="filter" id="filter-box" hidden>
        <label for="filter">{{words.filter}}</label>
        <input id="filter" type="search" autocomplete="off" aria-describedby="filter-hint filter-count">
        <p id="filter-hint" class="hint">{{words.filterHint}}</p>
        <p id="filter-count" class="hint" aria-live="polite"></p>
        </div>
        {{^datasets}}<p>{{words.none}}</p>{{/datasets}}
        <ul class="datasets" aria-labelledby="datasets-title">
        {{#datasets}}
        <li class="dataset" data-search="{{search}}">
        <h3><a href="{{href}}">{{#title}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/title}}</a></h3>
        {{#description}}<p lang="{{lang}}" dir="{{dir}}">{{text}}</p>{{/description}}
        <dl>
        <dt>{{words.publisher}}</dt><dd>{{#publisher}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/publisher}}</dd>
        {{#hasThemes}}<dt>{{words.themes}}</dt><dd>{{#themes}}<span class="tag">{{.}}</span> {{/themes}}</dd>{{/hasThemes}}
        <dt>{{words.updated}}</dt><dd><time datetime="{{modified}}">{{modifiedDate}}</time></dd>
        <dt>{{words.formats}}</dt><dd>{{#formats}}<span class="tag">{{.}}</span> {{/formats}}</dd>
        </dl>
        </li>
        {{/datasets}}
        </ul>
        </main>
        <script>
        (function () {
          var box = document.getElementById("filter-box");
          var input = document.getElementById("filter");
          var count = document.getElementById("filter-count");
          var items = Array.prototype.slice.call(document.querySelectorAll("li.dataset"));
          var fold = function (text) { return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase(); };
          var keys = items.map(function (item) { return fold(item.getAttribute("data-search") || ""); });
          box.hidden = false;
          input.addEventListener("input", function () {
            var words = fold(input.value).split(/\\s+/).filter(Boolean);
            var shown = 0;
            items.forEach(function (item, index) {
              var match = words.every(function (word) { return keys[index].indexOf(word) !== -1; });
              item.hidden = !match;
              if (match) { shown += 1; }
            });
            count.textContent = words.length ? shown + " / " + items.length + " {{words.showing}}" : "";
          });
        }());
        </script>
        {{> footer}}
        """

    static let dataset = """
        {{> header}}
        <nav class="breadcrumb" aria-label="{{words.breadcrumb}}"><a href="{{root}}{{homeFile}}">{{words.home}}</a></nav>
        <main id="main">
        <h1>{{#title}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/title}}</h1>
        {{#description}}<p class="lead" lang="{{lang}}" dir="{{dir}}">{{text}}</p>{{/description}}
        <dl class="facts">
        <dt>{{words.publisher}}</dt><dd>{{#publisher}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/publisher}}{{#publisherHomepage}} — <a href="{{publisherHomepage}}" dir="ltr">{{publisherHomepage}}</a>{{/publisherHomepage}}</dd>
        {{#contact}}<dt>{{words.contact}}</dt><dd>{{name}}{{#email}} — <a href="mailto:{{email}}" dir="ltr">{{email}}</a>{{/email}}</dd>{{/contact}}
        <dt>{{words.licence}}</dt><dd><a href="{{licenceURL}}">{{licence}}</a></dd>
        {{#frequency}}<dt>{{words.frequency}}</dt><dd>{{frequency}}</dd>{{/frequency}}
        <dt>{{words.updated}}</dt><dd><time datetime="{{modified}}">{{modifiedDate}}</time> ({{words.version}} <bdi dir="ltr">{{currentVersion}}</bdi>)</dd>
        {{#hasKeywords}}<dt>{{words.keywords}}</dt><dd lang="{{keywordsLang}}" dir="{{keywordsDir}}">{{#keywords}}<span class="tag">{{.}}</span> {{/keywords}}</dd>{{/hasKeywords}}
        {{#hasThemes}}<dt>{{words.themes}}</dt><dd>{{#themes}}<span class="tag">{{.}}</span> {{/themes}}</dd>{{/hasThemes}}
        {{#hasPlaces}}<dt>{{words.coverage}}</dt><dd>{{#places}}<a href="{{href}}">{{name}}</a> {{/places}}</dd>{{/hasPlaces}}
        </dl>

        <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">{{words.downloads}}</h2>
        <table>
        <thead><tr><th scope="col">{{words.download}}</th><th scope="col">{{words.size}}</th><th scope="col">{{words.checksum}}</th></tr></thead>
        <tbody>
        {{#downloads}}<tr><td><a href="{{href}}" download>{{name}}</a> <span class="tag">{{format}}</span></td><td><bdi class="size">{{size}}</bdi></td><td><code class="hash" dir="ltr">{{sha256}}</code></td></tr>
        {{/downloads}}
        </tbody>
        </table>
        </section>

        <section aria-labelledby="schema-title">
        <h2 id="schema-title">{{words.schema}}</h2>
        <div class="scroll" role="region" aria-labelledby="schema-title" tabindex="0">
        <table>
        <thead><tr><th scope="col">{{words.field}}</th><th scope="col">{{words.type}}</th><th scope="col">{{words.description}}</th><th scope="col">{{words.constraints}}</th><th scope="col">{{words.anonymisation}}</th></tr></thead>
        <tbody>
        {{#fields}}<tr><th scope="row"><code>{{name}}</code></th><td>{{#typeText}}{{typeText}} <code class="type" dir="ltr">{{type}}</code>{{/typeText}}{{^typeText}}{{type}}{{/typeText}}</td><td>{{#description}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/description}}{{#hasCodes}}<ul class="codes">{{#codes}}<li><code dir="ltr">{{value}}</code> – {{#label}}<span lang="{{lang}}" dir="{{dir}}">{{text}}</span>{{/label}}</li>{{/codes}}</ul>{{/hasCodes}}</td><td>{{#constraintList}}{{separator}}<bdi dir="{{dir}}">{{text}}</bdi>{{/constraintList}}</td><td>{{anonymisation}}</td></tr>
        {{/fields}}
        </tbody>
        </table>
        </div>
        {{#primaryKey}}<p>{{words.primaryKey}}{{words.colon}} <code>{{primaryKey}}</code></p>{{/primaryKey}}
        {{#kAnonymity}}<p class="privacy">{{kAnonymity}}</p>{{/kAnonymity}}
        </section>

        {{#hasPreview}}
        <section aria-labelledby="preview-title">
        <h2 id="preview-title">{{words.preview}}</h2>
        <p class="hint">{{words.previewNote}}</p>
        <div class="scroll" role="region" aria-labelledby="preview-title" tabindex="0">
        <table class="preview">
        <thead><tr>{{#previewColumns}}<th scope="col">{{.}}</th>{{/previewColumns}}</tr></thead>
        <tbody>
        {{#previewRows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
        {{/previewRows}}
        </tbody>
        </table>
        </div>
        </section>
        {{/hasPreview}}

        <section aria-labelledby="versions-title">
        <h2 id="versions-title">{{words.versions}}</h2>
        <ol class="versions">
        {{#recentVersions}}<li><h3>{{version}}</h3> <p><time datetime="{{issued}}">{{issuedDate}}</time> — {{rowsText}}</p>
        <p>{{notes}}</p>
        <p>{{#files}}<a href="{{href}}">{{name}}</a>{{#hint}} ({{hint}}){{/hint}} {{/files}}</p></li>
        {{/recentVersions}}
        {{#withdrawn}}<li class="withdrawn"><h3><del>{{version}}</del></h3> <p>{{withdrawnText}}</p></li>
        {{/withdrawn}}
        </ol>
        {{#earlierVersions}}<p class="earlier">{{text}} <a href="versions.json">versions.json</a>.</p>
        {{/earlierVersions}}
        </section>

        <section aria-labelledby="metadata-title">
        <h2 id="metadata-title">{{words.metadata}}</h2>
        <ul>
        <li><a href="{{dcatRecord}}">{{words.dcat}}</a></li>
        <li><a href="feed.atom">{{words.datasetFeed}}</a></li>
        <li><a href="{{datapackage}}">{{words.datapackage}}</a></li>
        {{#csvw}}<li><a href="{{csvw}}">{{words.csvw}}</a></li>{{/csvw}}
        </ul>
        </section>
        </main>
        <script type="application/ld+json">{{{jsonld}}}</script>
        {{> footer}}
        """

    static let feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{lang}}">
        <id>{{id}}</id>
        <title>{{title}}</title>
        <updated>{{updated}}</updated>
        <link rel="self" href="{{id}}"/>
        <link rel="alternate" href="{{home}}"/>
        <generator>kiosque</generator>
        {{#entries}}
        <entry>
        <id>{{id}}</id>
        <title>{{title}}</title>
        <updated>{{updated}}</updated>
        <link rel="alternate" href="{{link}}"/>
        {{#changes}}<link rel="related" type="text/csv" href="{{changes}}"/>
        {{/changes}}<author><name>{{author}}</name></author>
        <summary>{{summary}}</summary>
        </entry>
        {{/entries}}
        </feed>

        """

    static let sitemap = """
        <?xml version="1.0" encoding="utf-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        {{#urls}}
        <url><loc>{{loc}}</loc>{{#lastmod}}<lastmod>{{lastmod}}</lastmod>{{/lastmod}}</url>
        {{/urls}}
        </urlset>

        """

    static let stylesheet = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --paper: #ffffff; --accent: #0b4f8a; --line: #d0d5dc; --soft: #f3f5f8; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", sans-serif; color: var(--ink); background: var(--paper); }
        a { color: var(--accent); }
        a:focus, input:focus, [tabindex]:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        .skip:focus { width: auto; height: auto; clip-path: none; inset-inline-start: 1rem; top: 1rem; background: var(--paper); padding: .5rem; }
        header.site, footer.site, main, nav.breadcrumb { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
        header.site { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; }
        .brand a { text-decoration: none; color: var(--ink); }
        ul.languages { list-style: none; display: flex; gap: .75rem; padding: 0; }
        h1 { font-size: 1.8rem; line-height: 1.25; }
        .lead { font-size: 1.1rem; color: var(--muted); white-space: pre-line; }
        .filter label { display: block; font-weight: 600; }
        .filter input { width: 100%; max-width: 30rem; padding: .5rem; font: inherit; border: 2px solid var(--muted); border-radius: 4px; }
        .hint { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
        ul.datasets { list-style: none; padding: 0; }
        li.dataset { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1rem; }
        li.dataset h3 { margin: 0 0 .25rem; font-size: 1.2rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        .tag { display: inline-block; background: var(--soft); border: 1px solid var(--line); border-radius: 3px; padding: 0 .4rem; font-size: .85rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: start; vertical-align: top; }
        thead th { background: var(--soft); }
        .scroll { overflow-x: auto; }
        table.preview td { white-space: pre-wrap; font-size: .9rem; }
        code.hash { font-size: .75rem; word-break: break-all; }
        code.type { font-size: .8rem; color: #555; }
        ul.codes { list-style: none; padding: 0; margin: .25rem 0 0; font-size: .9rem; }
        td bdi.size { white-space: nowrap; }
        ol.versions { padding-inline-start: 1.25rem; }
        ol.versions h3 { display: inline; font-size: 1rem; }
        footer.site { border-top: 1px solid var(--line); margin-top: 2rem; color: var(--muted); font-size: .9rem; }
        footer.site ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
        @media (max-width: 40rem) { dl { grid-template-columns: 1fr; } h1 { font-size: 1.5rem; } }

        """
}
