#!/usr/bin/env python3
"""comply's speed and memory next to Checkov's, on the same files in the same run.

Usage: python3 bench/bench.py [--corpus ../shared/corpus] [--checkov PATH] [--big-mb 55] [--runs 3]
                              [--suite kubernetes|terraform|all]

1. For each corpus directory (k8s-examples, rendered, kubernetes-goat) and for all three together,
   runs comply (release build) and Checkov (kubernetes framework) and prints wall time (median of
   --runs) and peak RSS (max over runs) of each, and the ratios.
2. Generates a multi-document YAML stream of at least --big-mb MB (a mix of Deployments, Services,
   Ingresses, ConfigMaps and CronJobs with varied names) and prints comply's throughput with every
   policy enabled.

With --suite terraform (or all), the same comparison runs on the Terraform corpora (terragoat and
every tf-* directory) with Checkov's terraform framework, each corpus alone and all of them in one
run, and comply's Terraform throughput is measured on a generated module of at least --tf-big-mb MB.

Checkov is looked up as --checkov, else $CHECKOV, else `checkov` on PATH; if absent, install it
into a venv first:  python3 -m venv .venv-bench && .venv-bench/bin/pip install checkov
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ["k8s-examples", "rendered", "kubernetes-goat"]
TF_CORPORA = ["terragoat", "tf-aws-eks", "tf-aws-rds", "tf-aws-s3-bucket", "tf-azurerm-aks",
              "tf-azurerm-avm-aks", "tf-azurerm-avm-sql", "tf-azurerm-avm-storage"]


def run_measured(cmd, cwd=None):
    """Runs cmd; returns (wall seconds, peak RSS MiB of the child, exit code)."""
    # Each measurement runs in a fresh Python child so RUSAGE_CHILDREN is the command's own peak.
    probe = (
        "import resource,subprocess,sys,time;"
        "t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "w=time.perf_counter()-t;"
        "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(w,r,p.returncode)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    wall, rss_kib, code = out.stdout.split()
    return float(wall), int(rss_kib) / 1024.0, int(code)


def measure(cmd, runs, cwd=None):
    walls, rss, code = [], 0.0, None
    for _ in range(runs):
        w, r, code = run_measured(cmd, cwd)
        walls.append(w)
        rss = max(rss, r)
    return statistics.median(walls), rss, code


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "comply"


MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
  namespace: team-{ns}
  labels: {{app: web-{i}, tier: frontend}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: web-{i}}}
  template:
    metadata:
      labels: {{app: web-{i}}}
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
        - name: migrate
          image: registry.example.com/team/migrate:1.{i}
          command: ["/bin/migrate", "--up"]
      containers:
        - name: app
          image: registry.example.com/team/web:2.{i}
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          securityContext:
            allowPrivilegeEscalation: {esc}
            privileged: {priv}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: 500m, memory: 256Mi}}
        - name: sidecar
          image: docker.io/envoyproxy/envoy:v1.31.{i}
          resources:
            limits: {{memory: 64Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: web-{i}
  namespace: team-{ns}
spec:
  type: {svc}
  selector: {{app: web-{i}}}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-{i}
  namespace: team-{ns}
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "{redirect}"
spec:
  rules:
    - host: web-{i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {{name: web-{i}, port: {{number: 80}}}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-{i}-config
  namespace: team-{ns}
data:
  app.properties: |
    server.port=8080
    feature.flags=a,b,c
    cache.ttl=300
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report-{i}
  namespace: team-{ns}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox:1.36
              command: ["sh", "-c", "echo report"]
"""


def make_big(path, mb):
    target = mb * 1_000_000
    size = 0
    i = 0
    with open(path, "w") as f:
        while size < target:
            doc = MANIFEST.format(
                i=i, ns=i % 40, esc="true" if i % 3 == 0 else "false", priv="yes" if i % 17 == 0 else "false",
                svc="LoadBalancer" if i % 11 == 0 else "ClusterIP", redirect="false" if i % 7 == 0 else "true",
            )
            f.write("---\n" if i else "")
            f.write(doc)
            size += len(doc) + 4
            i += 1
    return size, i * 5


TF_BLOCK = """
variable "name_{i}" {{
  type    = string
  default = "svc-{i}"
}}

locals {{
  tags_{i} = merge({{ Team = "team-{ns}" }}, {{ Name = var.name_{i} }})
  ports_{i} = [for p in [22, 80, 443, {port}] : p if p != {skip}]
}}

resource "aws_s3_bucket" "b_{i}" {{
  for_each = toset(["logs", "data"])
  bucket   = "${{var.name_{i}}}-${{each.key}}"
  tags     = local.tags_{i}
}}

resource "aws_s3_bucket_versioning" "b_{i}" {{
  for_each = aws_s3_bucket.b_{i}
  bucket   = each.value.id
  versioning_configuration {{
    status = {versioning}
  }}
}}

resource "aws_security_group" "sg_{i}" {{
  name = "sg-{i}"
  dynamic "ingress" {{
    for_each = local.ports_{i}
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [{cidr}]
    }}
  }}
}}

resource "aws_db_instance" "db_{i}" {{
  count                   = {count}
  identifier              = "db-{i}-${{count.index}}"
  storage_encrypted       = {enc}
  backup_retention_period = {retention}
  publicly_accessible     = false
  tags                    = local.tags_{i}
}}
"""


def make_big_tf(path, mb):
    """A module of at least `mb` MB; returns (bytes, resource instances)."""
    target = mb * 1_000_000
    size = 0
    i = 0
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "main.tf", "w") as f:
        while size < target:
            block = TF_BLOCK.format(
                i=i, ns=i % 40, port=8000 + i % 100, skip=22 if i % 2 else 80,
                versioning='"Enabled"' if i % 3 else '"Suspended"',
                cidr='"0.0.0.0/0"' if i % 5 == 0 else '"10.0.0.0/8"', count=1 + i % 2,
                enc="true" if i % 4 else "false", retention=1 + i % 10,
            )
            f.write(block)
            size += len(block)
            i += 1
    return size, i * (2 + 2 + 1) + sum(1 + j % 2 for j in range(i))


def compare(targets, comply, a, framework):
    print(f"{'corpus':<24} {'comply s':>9} {'MiB':>7} {'checkov s':>10} {'MiB':>7} {'speed x':>8} {'memory x':>9}")
    for name, path in targets:
        cw, cr, cc = measure([str(comply), "scan", str(path), "--format", "json", "--output", os.devnull, "--quiet"], a.runs)
        line = f"{name:<24} {cw:>9.3f} {cr:>7.1f}"
        if a.checkov and not a.skip_checkov:
            kw, kr, _ = measure([a.checkov, "-d", str(path), "--framework", framework, "--quiet", "--compact", "-o", "json"], 1)
            line += f" {kw:>10.2f} {kr:>7.1f} {kw / cw:>8.0f} {kr / cr:>9.1f}"
        print(line + f"   (comply exit {cc})", flush=True)


def terraform_suite(corpus, comply, a):
    print("== Terraform ==")
    with tempfile.TemporaryDirectory() as tmp:
        together = Path(tmp) / "all"
        together.mkdir()
        present = [c for c in TF_CORPORA if (corpus / c).is_dir()]
        for c in present:
            shutil.copytree(corpus / c, together / c, symlinks=False)
        targets = [(c, corpus / c) for c in present] + [(f"all {len(present)} together", together)]
        compare(targets, comply, a, "terraform")
        big = Path(tmp) / "bigtf"
        size, instances = make_big_tf(big, a.tf_big_mb)
        w, r, code = measure([str(comply), "scan", str(big), "--format", "json", "--output", os.devnull, "--quiet", "--max-file-size", "256"], 1)
        print(f"\nterraform throughput: {size / 1e6:.1f} MB, ~{instances} resource instances, all policies: {w:.2f} s, {size / 1e6 / w:.1f} MB/s, peak {r:.0f} MiB (exit {code})\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--checkov", default=os.environ.get("CHECKOV") or shutil.which("checkov"))
    ap.add_argument("--big-mb", type=int, default=55)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-checkov", action="store_true")
    ap.add_argument("--suite", choices=["kubernetes", "terraform", "all"], default="kubernetes")
    ap.add_argument("--tf-big-mb", type=int, default=1, help="size of the generated Terraform module")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not corpus.is_dir():
        sys.exit(f"corpus not found at {corpus} (pass --corpus)")
    comply = build()
    print(f"comply: {comply}\ncheckov: {a.checkov or 'not found'}\nmachine: {os.cpu_count()} CPUs\n")
    if a.suite in ("terraform", "all"):
        terraform_suite(corpus, comply, a)
        if a.suite == "terraform":
            return
        print("== Kubernetes ==")

    with tempfile.TemporaryDirectory() as tmp:
        # All three corpora together, as one scan of one directory. A copy, not symlinks:
        # Checkov does not follow symbolic links, and both tools must read the same files.
        together = Path(tmp) / "all"
        together.mkdir()
        for c in CORPORA:
            shutil.copytree(corpus / c, together / c, symlinks=False)
        targets = [(c, corpus / c) for c in CORPORA] + [("all three", together)]
        print(f"{'corpus':<16} {'comply s':>9} {'MiB':>7} {'checkov s':>10} {'MiB':>7} {'speed x':>8} {'memory x':>9}")
        for name, path in targets:
            cw, cr, cc = measure([str(comply), "scan", str(path), "--format", "json", "--output", os.devnull, "--quiet"], a.runs)
            line = f"{name:<16} {cw:>9.3f} {cr:>7.1f}"
            if a.checkov and not a.skip_checkov:
                kw, kr, _ = measure([a.checkov, "-d", str(path), "--framework", "kubernetes", "--quiet", "--compact", "-o", "json"], 1)
                line += f" {kw:>10.2f} {kr:>7.1f} {kw / cw:>8.0f} {kr / cr:>9.1f}"
            print(line + f"   (comply exit {cc})", flush=True)

        big = Path(tmp) / "big.yaml"
        size, docs = make_big(big, a.big_mb)
        w, r, code = measure([str(comply), "scan", str(big), "--format", "json", "--output", os.devnull, "--quiet", "--max-file-size", "256"], a.runs)
        print(f"\nthroughput: {size / 1e6:.1f} MB, {docs} documents, all policies: {w:.2f} s, {size / 1e6 / w:.1f} MB/s, peak {r:.0f} MiB (exit {code})")


if __name__ == "__main__":
    main()
