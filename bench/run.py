"""make bench: Kiosque and the CPython reference on the same job, 500k and 2M rows, one table.

Usage: run.py KIOSQUE_BINARY WORK_DIR
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

kiosque, work = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
bench = pathlib.Path(__file__).resolve().parent
repository = bench.parent
work.mkdir(parents=True, exist_ok=True)
environment = dict(os.environ, KIOSQUE_PSEUDONYM_KEY="bench-key-0123456789abcdef-0123456789abcdef",
                   SOURCE_DATE_EPOCH="1795248000")


last_cpu = 0.0


def timed(command, **options):
    """Wall seconds and peak RSS (MiB) of a command, measured by GNU time; its CPU seconds (user
    and system) are left in `last_cpu`."""
    global last_cpu
    # Each job starts with nothing left to write back: the CPython script does not sync its
    # files, and their writeback would otherwise run during the next job.
    os.sync()
    result = subprocess.run(["/usr/bin/time", "-f", "%M %e %U %S"] + command, env=environment, capture_output=True, text=True, **options)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s\n%s" % (" ".join(map(str, command)), result.stdout, result.stderr))
    rss, seconds, user, system = result.stderr.strip().splitlines()[-1].split()
    last_cpu = float(user) + float(system)
    return float(seconds), int(rss) / 1024, result.stdout


def hashing_floor(folder):
    """The least wall time any job publishing these files can take: SHA-256 of each published file
    (SHA256SUMS asks for it) by the fastest tool on the machine, one file per core at best."""
    seconds = []
    for name in ("registre.csv", "registre.json"):
        best = None
        for tool in (["openssl", "dgst", "-sha256"], ["sha256sum"]):
            result = subprocess.run(["/usr/bin/time", "-f", "%U %S"] + tool + [str(folder / name)], capture_output=True, text=True)
            if result.returncode == 0:
                cpu = sum(map(float, result.stderr.strip().splitlines()[-1].split()))
                best = cpu if best is None else min(best, cpu)
        seconds.append(best or 0.0)
    return max(sum(seconds) / 2, max(seconds))


def workspace(name, source):
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(bench / "Pipelines", folder / "Pipelines")
    (folder / "Pipelines" / "sources").mkdir()
    os.symlink(source, folder / "Pipelines" / "sources" / "registre.csv")
    # The generated sources live outside the recipes' folder: say so, as a publisher would.
    with open(folder / "Pipelines" / "catalog.yml", "a") as catalog:
        catalog.write("allowed_file_roots: [%s]\n" % work)
    return folder


# The machine's speed varies from one minute to the next (see docs/PERFORMANCE.md): the two jobs
# run in turn three times at each size, and the pair with the median ratio is reported.
PAIRS = {500_000: 3, 2_000_000: 3}
results = {}
pair_ratios = {}
for rows in (500_000, 2_000_000):
    source = work / ("registre-%d.csv" % rows)
    if not source.exists():
        subprocess.run([sys.executable, str(bench / "generate_registry.py"), str(rows), str(source)], check=True)
    pairs = []
    for _ in range(PAIRS[rows]):
        folder = workspace("kiosque-%d" % rows, source)
        seconds, rss, output = timed([str(kiosque), "run", "--jobs", "1"], cwd=folder)
        cpu = last_cpu
        reference_seconds, reference_rss, reference_output = timed(
            [sys.executable, str(bench / "reference.py"), str(source), str(work / ("reference-%d" % rows))])
        ours = json.load(open(folder / "Output/datasets/registre/versions.json"))["versions"][0]["rows"]
        theirs = json.loads(reference_output)["published"]
        if ours != theirs:
            sys.exit("the two jobs disagree: kiosque published %d rows, the reference %d" % (ours, theirs))
        pairs.append(dict(seconds=seconds, cpu=cpu, rss=rss, reference_seconds=reference_seconds, reference_rss=reference_rss,
                          published=ours, hashing=hashing_floor(folder / "Output/datasets/registre")))
    pair_ratios[rows] = [pair["reference_seconds"] / pair["seconds"] for pair in pairs]
    median = sorted(pairs, key=lambda pair: pair["reference_seconds"] / pair["seconds"])[len(pairs) // 2]
    # The memory target is a ceiling: it is checked on the largest peak of the pairs.
    median["peak_rss"] = max(pair["rss"] for pair in pairs)
    results[rows] = median

# A source that answers 304: the second run of a recipe over HTTP with an ETag.
served = work / "served"
served.mkdir(exist_ok=True)
shutil.copy(work / "registre-500000.csv", served / "registre.csv")
server = subprocess.Popen([sys.executable, str(repository / "Tests/KiosqueTests/Support/http_server.py"), str(served)],
                          stdout=subprocess.PIPE, text=True)
port = int(server.stdout.readline())
try:
    folder = workspace("kiosque-304", work / "registre-500000.csv")
    recipe = (folder / "Pipelines/registre.yml").read_text()
    recipe = recipe.replace("url: sources/registre.csv", "url: http://127.0.0.1:%d/etag/files/registre.csv" % port)
    (folder / "Pipelines/registre.yml").write_text(recipe)
    timed([str(kiosque), "run"], cwd=folder)
    started = time.monotonic()
    _, _, output = timed([str(kiosque), "run", "--log-format", "json"], cwd=folder)
    process = time.monotonic() - started
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    outcome = [event for event in events if event.get("event") == "unchanged"]
    if not outcome or "HTTP 304" not in outcome[0]["message"]:
        sys.exit("the second run did not get a 304: " + output)
    not_modified = float(outcome[0]["duration"])
finally:
    server.kill()

small, large = results[500_000], results[2_000_000]
growth = (large["rss"] - small["rss"]) * 1024 * 1024 / (2_000_000 - 500_000)
print()
print("| rows | kiosque rows/s | CPython rows/s | ratio | kiosque max RSS | CPython max RSS |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
for rows, result in results.items():
    ours, theirs = rows / result["seconds"], rows / result["reference_seconds"]
    print("| %s | %s | %s | %.1f× | %.1f MiB | %.1f MiB |" % (
        format(rows, ",d"), format(int(ours), ",d"), format(int(theirs), ",d"), ours / theirs, result["peak_rss"], result["reference_rss"]))
for rows, ratios in pair_ratios.items():
    if len(ratios) > 1:
        print("%s rows, the two jobs run in turn %d times: ratios %s (the table shows the median)" % (
            format(rows, ",d"), len(ratios), ", ".join("%.1f×" % ratio for ratio in ratios)))
print()
print("kiosque memory growth from 500k to 2M rows: %.1f bytes a row" % growth)
print("a dataset whose source answers 304: %.0f ms (the whole kiosque process, start to exit: %.0f ms)" % (not_modified * 1000, process * 1000))
for rows, result in results.items():
    ceiling = (rows / result["hashing"]) / (rows / result["reference_seconds"]) if result["hashing"] else float("inf")
    print("%s rows: SHA-256 of the published CSV and JSON alone takes %.2f s on two cores, so no job that publishes "
          "their checksums can pass %.0f× the CPython script here" % (format(rows, ",d"), result["hashing"], ceiling))
for rows, result in results.items():
    print("%s rows: kiosque used %.2f s of CPU (user and system, all threads) in %.2f s: the two cores busy %.0f %% of the run; "
          "30× would leave it %.2f s of wall time, %.2f s of CPU at most" % (
              format(rows, ",d"), result["cpu"], result["seconds"], 100 * result["cpu"] / (2 * result["seconds"]),
              result["reference_seconds"] / 30, 2 * result["reference_seconds"] / 30))
print()
ratio = min((rows / r["seconds"]) / (rows / r["reference_seconds"]) for rows, r in results.items())
targets = [
    ("kiosque at least 30 times the CPython script", ratio >= 30, "%.1f×" % ratio),
    ("peak memory at most 64 MiB at 500k rows", small["peak_rss"] <= 64, "%.1f MiB" % small["peak_rss"]),
    ("growth at most 48 bytes a row", growth <= 48, "%.1f B" % growth),
    ("a 304 source done in under 100 ms", not_modified < 0.1, "%.0f ms" % (not_modified * 1000)),
]
for name, met, value in targets:
    print("%s %s: %s" % ("MET   " if met else "MISSED", name, value))
