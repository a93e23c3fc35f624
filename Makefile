# Kiosque: every target installs what it needs first, so each works on a fresh machine.
SWIFT        ?= swift
PREFIX       ?= /usr/local
BUILD_FLAGS  ?=
VENV         := .build/venv
PYTHON       := $(VENV)/bin/python
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcurl4-openssl-dev zlib1g-dev
# The tests also make certificates (openssl), read gzip files back (gzip), open the site in a
# real browser (chromium, driven through chromium-driver) and the published xlsx in a real
# spreadsheet (LibreOffice Calc, headless).
TEST_APT_PACKAGES := $(APT_PACKAGES) openssl gzip chromium chromium-driver libreoffice-calc-nogui
PY_PACKAGES  := "rdflib==7.*" "pyshacl==0.40.*" "frictionless[json]==5.*" "csvw==3.*" "feedparser==6.*" "selenium==4.*" "pyftpdlib==2.*" "openpyxl==3.*" "odfpy==1.*" "xlwt==1.*"

.PHONY: all deps test-deps apt-install build run test venv check clean bench fuzz install

all: build

## deps: install the C libraries' development files when absent (Debian/Ubuntu).
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing \
	  || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## run: publish the bundled example pipelines into Output/ and Catalog/.
run: build
	$(SWIFT) run $(BUILD_FLAGS) kiosque run

check: build
	$(SWIFT) run $(BUILD_FLAGS) kiosque check

## install: kiosque in release mode with the Swift runtime and Foundation linked in, stripped, in
## $(DESTDIR)$(PREFIX)/bin: the server that runs it needs libcurl and zlib, not a Swift toolchain.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --product kiosque --scratch-path .build-static
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 -s .build-static/release/kiosque $(DESTDIR)$(PREFIX)/bin/kiosque

## venv: the Python consumers the tests check our outputs with (rdflib, pyshacl, frictionless, csvw, feedparser, selenium), the FTP test server (pyftpdlib) and producers of Excel workbooks (openpyxl, xlwt) and OpenDocument spreadsheets (odfpy).
$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PACKAGES)
	touch $@

venv: $(VENV)/.installed

## test: build and run the whole test suite (make install's binary included).
test: test-deps venv
	KIOSQUE_PYTHON=$(abspath $(PYTHON)) KIOSQUE_TEST_INSTALL=1 $(SWIFT) test $(BUILD_FLAGS)

## bench: the reference job of docs/PERFORMANCE.md, Kiosque beside a CPython script, 500k and 2M rows.
bench: deps
	$(SWIFT) build -c release
	python3 bench/run.py .build/release/kiosque .build/bench

## fuzz: libFuzzer on the CSV and JSON decoders, the ZIP reader, the Excel (.xlsx, .xls) and OpenDocument sheet readers, the recipe loader and the cell casters, a bounded time each.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv json zip sheet ods xls recipe cast

fuzz: deps
	$(SWIFT) build --product KiosqueFuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
	mkdir -p .build-fuzz/corpus/csv .build-fuzz/corpus/json .build-fuzz/corpus/zip .build-fuzz/corpus/sheet .build-fuzz/corpus/ods .build-fuzz/corpus/xls .build-fuzz/corpus/recipe .build-fuzz/corpus/cast
	python3 -c "import zipfile; z = zipfile.ZipFile('.build-fuzz/corpus/zip/seed.zip', 'w', zipfile.ZIP_DEFLATED); z.write('Pipelines/sources/demarches.csv', 'demarches.csv'); z.writestr('notes.pdf', '%PDF'); z.close()"
	python3 -c "import zipfile; z = zipfile.ZipFile('Tests/KiosqueTests/Fixtures/real-sources/montpellier_qualiville-satisfaction-2013.xlsx'); [open('.build-fuzz/corpus/sheet/' + n.split('/')[-1], 'wb').write(z.read(n)[:60000]) for n in z.namelist() if n.startswith('xl/worksheets/sheet')]"
	cp Tests/KiosqueTests/Fixtures/real-sources/*.xlsx .build-fuzz/corpus/zip/
	cp Tests/KiosqueTests/Fixtures/opendocument/content.xml .build-fuzz/corpus/ods/
	python3 -c "import zipfile; [open('.build-fuzz/corpus/ods/' + n + '.xml', 'wb').write(zipfile.ZipFile('Tests/KiosqueTests/Fixtures/opendocument/' + n + '-libreoffice.ods').read('content.xml')) for n in ('drawings', 'formats')]"
	cp Tests/KiosqueTests/Fixtures/legacy-excel/demarches-libreoffice.xls .build-fuzz/corpus/xls/
	cp Pipelines/sources/*.csv Tests/KiosqueTests/Fixtures/real-sources/*.csv .build-fuzz/corpus/csv/
	python3 -c "open('.build-fuzz/corpus/csv/dos-cp850.csv', 'wb').write('Etablissement;Commune\\nEcole élémentaire Jean Jaurès;Pérols\\nCollège Françoise Dolto;Sète\\n'.encode('cp850'))"
	python3 -c "open('.build-fuzz/corpus/csv/latin9.csv', 'wb').write('Libellé;Montant\\nCœur de ville;1 200 €\\nŒuvres;350€\\n'.encode('iso8859_15'))"
	cp Pipelines/sources/*.json Tests/KiosqueTests/Fixtures/real-sources/*.json .build-fuzz/corpus/json/
	cp Pipelines/*.yml .build-fuzz/corpus/recipe/
	cp Tests/KiosqueTests/Fixtures/design/naissances.yml .build-fuzz/corpus/recipe/design-naissances.yml
	printf 'id: wide\ntitle: W\nsource:\n  url: w.csv\n  unpivot: {columns: {nais09: "2009", nais08: "2008"}, name: annee, value: n, skip_missing: true}\nfields:\n  - {name: iris}\n  - {name: annee, type: year}\n  - {name: n, type: integer}\n' > .build-fuzz/corpus/recipe/unpivot.yml
	python3 -c "import pathlib; [pathlib.Path('.build-fuzz/corpus/cast/%d' % i).write_text(v) for i, v in enumerate(['1 234,50', '12,5 %', '-7', '21 novembre 2025', '15 يناير 2024', '1 تشرين الثاني 2022', '٢٠٢٤', '١٢٫٥٪', 'نعم', '03/15/2024 2:30:00 PM', '21-nov.-25', '2026-11-21T08:00:00Z', '1577836800123', '-62135596800', '1577836800.5', '(1 234,56)', '1 234,56-', '€ 12,50-', 'RÃ©clamation', 'appeler le ٠٦١٢٣٤٥٦٧٨ ou +225 07 01 02 03 04'])]"
	for target in $(FUZZ_TARGETS); do \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt KIOSQUE_FUZZ_TARGET=$$target .build-fuzz/debug/KiosqueFuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -rss_limit_mb=2048 -artifact_prefix=.build-fuzz/crash-$$target- .build-fuzz/corpus/$$target || exit 1; \
	done

clean:
	rm -rf .build Output
