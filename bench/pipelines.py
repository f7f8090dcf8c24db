#!/usr/bin/env python3
"""CI pipelines: comply's recognition, findings and speed next to Checkov's, in one run.

Usage: python3 bench/pipelines.py [--corpus ../shared/corpus] [--checkov PATH] [--comply PATH]
                                  [--runs 3] [--checkov-runs 3] [--findings FILE]

For each of gha-workflows-flat, gha-starter-workflows, ado-pipelines and ado-pipelines-flat:
1. recognition: the workflow and pipeline files of the corpus (by layout, see `truth()`) against
   the files comply read as pipelines (a document, or a template note saying where it was
   evaluated), and parse errors on those files;
2. speed: comply (release build, every built-in rule) and Checkov (`github_actions` and
   `azure_pipelines` frameworks) on the same directory in the same run, wall time (median of
   --runs for comply, of --checkov-runs for Checkov) and peak RSS;
3. findings per rule for both tools, and how many files each tool evaluated (Checkov finds
   pipelines by path: files with at least one Checkov check passed or failed). `--findings FILE`
   writes comply's findings (rule, file, line, message) as JSON lines for review;
4. comply's phases (`COMPLY_TIMINGS=1`, one more run): where its time goes.

RUST_BACKTRACE=1 in the environment makes every error regorus's parser raises while reading
the policies capture a backtrace (about 25 ms more per run); the header says whether it is set.

Checkov: --checkov, else $CHECKOV, else /work/bench-venv/bin/checkov, else `checkov` on PATH
(install it with: python3 -m venv .venv-bench && .venv-bench/bin/pip install checkov).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import measure  # noqa: E402  (same measuring helper as bench.py)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ["gha-workflows-flat", "gha-starter-workflows", "ado-pipelines", "ado-pipelines-flat"]
STARTER_DIRS = ("ci/", "code-scanning/", "deployments/", "pages/", "automation/")
# Files the layout rule would count that are not pipelines (checked by hand), or not YAML.
NOT_PIPELINES = {
    "azure-pipelines-agent/.CodeQL.yml": "CodeQL path-classifier config",
    "azure-pipelines-yaml/.github/workflows/stale.yml": "probot-stale config in the workflows folder (no on:/jobs:)",
}
NOT_YAML = {
    "azure-pipelines-yaml/templates/deploy-to-existing-kubernetes-cluster.yml": "Mustache template ({{#if}} blocks)",
}


def truth(corpus: str, base: Path):
    """Files that are workflows / pipelines, from the corpus layout (not from comply)."""
    out = {}
    for p in sorted(base.rglob("*")):
        if not p.is_file() or p.suffix not in (".yml", ".yaml"):
            continue
        rel = p.relative_to(base).as_posix()
        if rel in NOT_PIPELINES or rel in NOT_YAML:
            continue
        if "/.github/workflows/" in f"/{rel}":
            out[rel] = "github-actions"
        elif corpus == "gha-starter-workflows" and rel.startswith(STARTER_DIRS):
            out[rel] = "github-actions"
        elif corpus.startswith("ado-pipelines") and "/.github/" not in f"/{rel}" and "/resources/k8s/" not in rel:
            out[rel] = "azure-pipelines"
    return out


def comply_json(comply, path, extra):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
        out = t.name
    subprocess.run([comply, "scan", str(path), "--format", "json", "--output", out, "--fail-on", "never", "--quiet", *extra],
                   cwd=path.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(out) as f:
        d = json.load(f)
    os.unlink(out)
    return d


def strip(corpus, file):
    return file.split(f"{corpus}/", 1)[1] if f"{corpus}/" in file else file


def checkov_run(checkov, path, runs):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [checkov, "-d", str(path), "--framework", "github_actions", "azure_pipelines", "--quiet", "--compact",
               "-o", "json", "--output-file-path", tmp]
        wall, rss, _ = measure(cmd, runs)
        found = collections.Counter()
        files = set()
        for f in Path(tmp).glob("*.json"):
            data = json.loads(f.read_text() or "[]")
            for r in data if isinstance(data, list) else [data]:
                for c in r.get("results", {}).get("failed_checks", []):
                    found[c["check_id"]] += 1
                for kind in ("failed_checks", "passed_checks"):
                    files |= {c.get("file_path") for c in r.get("results", {}).get(kind, [])}
        return wall, rss, found, len(files - {None})


def comply_phases(comply, path):
    """`COMPLY_TIMINGS=1` phase times of one run, in ms, in the order printed."""
    env = {**os.environ, "COMPLY_TIMINGS": "1"}
    r = subprocess.run([comply, "scan", str(path), "--format", "json", "--fail-on", "never", "--quiet"],
                       cwd=path.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    out = []
    for line in r.stderr.splitlines():
        if line.startswith("timing: ") and line.endswith(" ms"):
            name, ms = line[len("timing: "):-len(" ms")].rsplit(": ", 1)
            out.append((name, float(ms)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--checkov", default=os.environ.get("CHECKOV") or ("/work/bench-venv/bin/checkov" if Path("/work/bench-venv/bin/checkov").exists() else shutil.which("checkov")))
    ap.add_argument("--comply", default=str(ROOT / "target" / "release" / "comply"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--checkov-runs", type=int, default=3,
                    help="Checkov runs per corpus (median; its wall time varies 2-4x on a loaded machine)")
    ap.add_argument("--findings")
    a = ap.parse_args()
    a.comply = str(Path(a.comply).resolve())
    corpus_root = Path(a.corpus).resolve()
    if not corpus_root.is_dir():
        print(f"corpus not found at {corpus_root}; skipping")
        return 0
    if not Path(a.comply).exists():
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    print(f"comply: {a.comply}\ncheckov: {a.checkov or 'not found'}\nmachine: {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}\nRUST_BACKTRACE={os.environ.get('RUST_BACKTRACE', '(unset)')}\n")
    inventory = ROOT / "bench" / "pipelines-inventory"
    rows, all_findings = [], []
    for corpus in CORPORA:
        path = corpus_root / corpus
        want = truth(corpus, path)
        d = comply_json(a.comply, path, ["--policies", str(inventory)])
        seen = {strip(corpus, f["file"]) for f in d["findings"] if f["rule_id"] == "BENCH-0001"}
        seen |= {strip(corpus, x.get("file", "")) for x in d["diagnostics"] if x["code"] == "template-included"}
        recognised = sum(1 for f in want if f in seen)
        extra = sorted(seen - set(want))
        missed = sorted(set(want) - seen)
        perr = [x for x in d["diagnostics"] if x["code"] == "parse-error" and strip(corpus, x.get("file", "")) in want]
        other = collections.Counter(x["code"] for x in d["diagnostics"] if x["level"] == "error" and x["code"] != "parse-error")
        findings = collections.Counter(f["rule_id"] for f in d["findings"] if f["rule_id"] != "BENCH-0001")
        all_findings += [{"corpus": corpus, "rule": f["rule_id"], "file": strip(corpus, f["file"]), "line": f["line"],
                          "message": f["message"]} for f in d["findings"] if f["rule_id"] != "BENCH-0001"]
        cw, cr, _ = measure([a.comply, "scan", str(path), "--format", "json", "--fail-on", "never", "--quiet"], a.runs)
        kw, kr, kfound, kfiles = (checkov_run(a.checkov, path, a.checkov_runs) if a.checkov else (None, None, collections.Counter(), 0))
        phases = comply_phases(a.comply, path)
        rows.append((corpus, len(want), recognised, missed, extra, perr, other, findings, cw, cr, kw, kr, kfound, kfiles, phases))

    print(f"{'corpus':<22} {'recognised':>11} {'parse err':>9} {'comply s':>9} {'MiB':>6} {'checkov s':>10} {'MiB':>6} {'speed x':>8} {'comply #':>9} {'checkov #':>10} {'ckv files':>9}")
    for (corpus, total, rec, missed, extra, perr, other, findings, cw, cr, kw, kr, kfound, kfiles, phases) in rows:
        ratio = f"{kw / cw:.0f}" if kw else "-"
        ks = f"{kw:.2f}" if kw else "-"
        km = f"{kr:.0f}" if kr else "-"
        print(f"{corpus:<22} {rec:>5}/{total:<5} {len(perr):>9} {cw:>9.3f} {cr:>6.0f} {ks:>10} {km:>6} {ratio:>8} {sum(findings.values()):>9} {sum(kfound.values()):>10} {kfiles:>9}")
    for (corpus, total, rec, missed, extra, perr, other, findings, cw, cr, kw, kr, kfound, kfiles, phases) in rows:
        print(f"\n{corpus}:")
        print(f"  comply phases ms: {', '.join(f'{n} {ms:.1f}' for n, ms in phases)}")
        print(f"  comply findings:  {dict(sorted(findings.items()))}")
        print(f"  checkov findings: {dict(sorted(kfound.items()))}")
        if other:
            print(f"  other errors: {dict(other)}")
        for m in missed[:10]:
            print(f"  not recognised: {m}")
        for e in extra[:10]:
            print(f"  recognised outside the truth set: {e}")
        for p in perr[:10]:
            print(f"  parse error: {p.get('file')}:{p.get('line')}: {p['message']}")
    print("\nleft out of the totals:")
    for k, v in {**NOT_PIPELINES, **NOT_YAML}.items():
        print(f"  ado-pipelines/{k}: {v}")
    if a.findings:
        with open(a.findings, "w") as f:
            for x in all_findings:
                f.write(json.dumps(x) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
