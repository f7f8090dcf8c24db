#!/usr/bin/env python3
"""Counts the template functions the charts of ../shared/corpus call and checks that comply-helm
implements each one. Templates are parsed with comply-helm's own parser (the `render` example),
including those inside vendored charts/*.tgz. Usage, from the repository root:
    cargo build -p comply-helm --example render && scripts/helm-function-usage.py [CORPUS...]
Prints "name count" per function, then the ones not implemented; exits 1 if there are any."""
import collections, os, re, subprocess, sys, tarfile, tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BIN = os.path.join(ROOT, "target", "debug", "examples", "render")
base = os.path.join(ROOT, "..", "shared", "corpus")
corpora = sys.argv[1:] or ["bitnami-charts", "prometheus-charts", "kubernetes-goat"]

def in_chart_templates(path):
    parts = path.split(os.sep)
    return any(p == "templates" and os.path.isfile(os.sep.join(parts[:i] + ["Chart.yaml"]))
               for i, p in enumerate(parts[:-1]))

with tempfile.TemporaryDirectory() as tmp:
    files = []
    for c in corpora:
        for root, _, names in os.walk(os.path.join(base, c)):
            for f in names:
                p = os.path.join(root, f)
                if f.endswith(".tgz"):
                    with tarfile.open(p) as t:
                        for m in t.getmembers():
                            if m.isfile() and "/templates/" in m.name:
                                out = os.path.join(tmp, str(len(files)))
                                with open(out, "wb") as fh:
                                    fh.write(t.extractfile(m).read())
                                files.append(out)
                elif in_chart_templates(p):
                    files.append(p)
    names = subprocess.run([BIN, "--functions", *files], capture_output=True, text=True,
                           check=True).stdout.split()
counts = collections.Counter(names)
src = ""
for f in ("funcs/mod.rs", "exec.rs"):
    with open(os.path.join(ROOT, "engine", "helm", "src", f), encoding="utf8") as fh:
        src += fh.read()
implemented = set(re.findall(r'"([A-Za-z0-9_]+)"(?=[^\n]*=>)', src))
missing = [n for n in counts if n not in implemented]
for name, n in counts.most_common():
    print(f"{name} {n}")
print(f"\n{len(counts)} functions used in {len(files)} templates; "
      f"not implemented: {' '.join(missing) or 'none'}")
sys.exit(1 if missing else 0)
