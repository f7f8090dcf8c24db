#!/usr/bin/env python3
"""Calibrates the Terraform policies against labelled public samples.

Reads ../shared/corpus/trivy-checks-examples (labels.json: file -> check, expected pass|fail) and
../shared/corpus/kics-fixtures (positive*/negative* samples with expected lines), scans every sample
as its own module with comply, and reports per comply category:
  - bad samples flagged: how many "fail" samples get at least one finding in the matching category
    (target >= 90%),
  - good samples flagged: how many "pass" samples get a finding in that category (target <= 10%).
Only checks whose concern falls inside a comply category and the scope of the Terraform policies are
counted (CHECK_CATEGORY / KICS_CATEGORY below); the rest are listed as out of scope.

Usage: python3 bench/labelled.py [--comply target/debug/comply] [--corpus ../shared/corpus]
       [--details] [--assert]
Exit 0 always unless --assert is given and a target is missed. Exit 3 when the corpus is absent.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

# trivy-checks id -> comply category, for the checks comply's Terraform policies mean to cover.
CHECK_CATEGORY = {
    # network-isolation
    "AWS-0107": "network-isolation", "AWS-0180": "network-isolation", "AWS-0086": "network-isolation",
    "AWS-0087": "network-isolation", "AWS-0091": "network-isolation", "AWS-0093": "network-isolation",
    "AWS-0094": "network-isolation", "AWS-0092": "network-isolation", "AWS-0040": "network-isolation",
    "AWS-0041": "network-isolation", "AZU-0041": "network-isolation", "AZU-0065": "network-isolation",
    "AZU-0043": "network-isolation", "AZU-0013": "network-isolation", "AZU-0012": "network-isolation",
    "AZU-0007": "network-isolation", "AZU-0022": "network-isolation", "AZU-0029": "network-isolation",
    "AZU-0047": "network-isolation", "AZU-0048": "network-isolation", "AZU-0050": "network-isolation",
    # encryption (at rest, and in transit where it is a switch)
    "AWS-0012": "encryption", "AWS-0054": "encryption", "AWS-0021": "encryption", "AWS-0076": "encryption",
    "AWS-0079": "encryption", "AWS-0080": "encryption", "AWS-0023": "encryption", "AWS-0026": "encryption",
    "AWS-0131": "encryption", "AWS-0008": "encryption", "AWS-0037": "encryption", "AWS-0039": "encryption",
    "AWS-0045": "encryption", "AWS-0051": "encryption", "AWS-0048": "encryption", "AWS-0043": "encryption",
    "AWS-0046": "encryption", "AWS-0065": "encryption", "AWS-0088": "encryption", "AZU-0004": "encryption",
    "AZU-0072": "encryption", "AZU-0008": "encryption", "AZU-0020": "encryption", "AZU-0061": "encryption",
    "AZU-0067": "encryption", "AZU-0071": "encryption",
    # tls
    "AWS-0005": "tls", "AWS-0013": "tls", "AWS-0047": "tls", "AWS-0126": "tls", "AZU-0006": "tls",
    "AZU-0011": "tls", "AZU-0026": "tls",
    # backup-retention
    "AWS-0024": "backup-retention", "AWS-0050": "backup-retention", "AWS-0077": "backup-retention",
    "AWS-0090": "backup-retention", "AZU-0016": "backup-retention", "AZU-0056": "backup-retention",
}

# KICS query directory name -> comply category.
KICS_CATEGORY = {
    "db_instance_storage_not_encrypted": "encryption",
    "cloudfront_without_minimum_protocol_tls_1.2": "tls",
    "rds_with_backup_disabled": "backup-retention",
    "unrestricted_security_group_ingress": "network-isolation",
    "storage_account_not_forcing_https": "encryption",
    "ssh_is_exposed_to_the_internet": "network-isolation",
    "geo_redundancy_is_disabled": "backup-retention",
    "cosmos_db_account_without_tags": "tagging",
}

# The KICS tagging query flags resources without any tags; comply judges required keys, so the
# tagging samples run with one required key.
KICS_PARAMS = "params:\n  required_tags: [\"Environment\"]\n"


def scan(comply, samples, config_text=None):
    """samples: list of (key, source path). Each sample becomes its own module directory; returns
    key -> list of findings (rule_id, category, line)."""
    root = tempfile.mkdtemp(prefix="comply-labelled-")
    try:
        keys = {}
        for i, (key, src) in enumerate(samples):
            d = os.path.join(root, f"s{i:04d}")
            os.makedirs(d)
            shutil.copyfile(src, os.path.join(d, os.path.basename(src)))
            keys[f"s{i:04d}"] = key
        cmd = [comply, "scan", root, "--format", "json", "--fail-on", "never", "--no-progress", "--quiet"]
        if config_text:
            cfg = os.path.join(root, ".comply.yaml")
            with open(cfg, "w") as f:
                f.write(config_text)
            cmd += ["--config", cfg]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1, 2):
            sys.exit(f"comply failed ({out.returncode}): {out.stderr[:2000]}")
        report = json.loads(out.stdout)
        found = defaultdict(list)
        for f in report.get("findings", []):
            top = f["file"].replace("\\", "/").split("/")
            sample = next((p for p in top if p in keys), None)
            if sample is not None:
                found[keys[sample]].append((f["rule_id"], f["category"], f.get("line", 0)))
        return found, report.get("diagnostics", [])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--comply", default="target/debug/comply")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--details", action="store_true", help="list missed bad samples and flagged good samples")
    ap.add_argument("--assert", dest="check", action="store_true", help="exit 1 when a target is missed")
    a = ap.parse_args()
    trivy = os.path.join(a.corpus, "trivy-checks-examples")
    kics = os.path.join(a.corpus, "kics-fixtures", "assets", "queries", "terraform")
    if not os.path.isdir(trivy) or not os.path.isdir(kics):
        print(f"labelled corpora not found under {a.corpus}: skipped")
        return 3

    # (source, category, expected, sample path, expected lines or None)
    cases = []
    labels = json.load(open(os.path.join(trivy, "labels.json")))
    out_of_scope = set()
    for l in labels:
        if not l["file"].endswith(".tf"):
            continue
        cat = CHECK_CATEGORY.get(l["check_id"])
        if cat is None:
            out_of_scope.add(l["check_id"])
            continue
        cases.append(("trivy", cat, l["expected"], os.path.join(trivy, l["file"]), None, l["check_id"]))
    for provider in sorted(os.listdir(kics)):
        for query in sorted(os.listdir(os.path.join(kics, provider))):
            cat = KICS_CATEGORY.get(query)
            test = os.path.join(kics, provider, query, "test")
            if cat is None or not os.path.isdir(test):
                continue
            expected = defaultdict(set)
            exp_file = os.path.join(test, "positive_expected_result.json")
            if os.path.exists(exp_file):
                for e in json.load(open(exp_file)):
                    expected[e["fileName"]].add(e["line"])
            for name in sorted(os.listdir(test)):
                if not name.endswith(".tf"):
                    continue
                kind = "fail" if name.startswith("positive") else "pass" if name.startswith("negative") else None
                if kind:
                    cases.append(("kics", cat, kind, os.path.join(test, name), expected.get(name), query))

    found_t, diags_t = scan(a.comply, [(c[3], c[3]) for c in cases if c[0] == "trivy"])
    found_k, diags_k = scan(a.comply, [(c[3], c[3]) for c in cases if c[0] == "kics"], KICS_PARAMS)
    found = {**found_t, **found_k}

    table = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # bad, bad flagged, good, good flagged, lines expected, lines hit
    misses, false_pos = [], []
    for src, cat, kind, path, lines, check in cases:
        hits = [f for f in found.get(path, []) if f[1] == cat]
        row = table[(src, cat)]
        if kind == "fail":
            row[0] += 1
            row[1] += bool(hits)
            if not hits:
                misses.append(f"{src} {check} {os.path.relpath(path, a.corpus)}")
            if lines:
                row[4] += len(lines)
                row[5] += len(lines & {f[2] for f in hits})
        else:
            row[2] += 1
            row[3] += bool(hits)
            if hits:
                false_pos.append(f"{src} {check} {os.path.relpath(path, a.corpus)}: {sorted(set(h[0] for h in hits))}")

    print(f"{'corpus':7} {'category':18} {'bad':>4} {'flagged':>8} {'rate':>6}   {'good':>4} {'flagged':>8} {'rate':>6}   lines")
    ok = True
    totals = defaultdict(lambda: [0, 0, 0, 0])
    for (src, cat), r in sorted(table.items()):
        line = f"{r[5]}/{r[4]}" if r[4] else "-"
        print(f"{src:7} {cat:18} {r[0]:4} {r[1]:8} {pct(r[1], r[0])}   {r[2]:4} {r[3]:8} {pct(r[3], r[2])}   {line}")
        t = totals[cat]
        for i in range(4):
            t[i] += r[i]
    print()
    for cat, t in sorted(totals.items()):
        good = (t[0] == 0 or t[1] / t[0] >= 0.9) and (t[2] == 0 or t[3] / t[2] <= 0.1)
        ok &= good
        print(f"{'all':7} {cat:18} {t[0]:4} {t[1]:8} {pct(t[1], t[0])}   {t[2]:4} {t[3]:8} {pct(t[3], t[2])}   {'ok' if good else 'MISSED TARGET'}")
    print(f"\nout of scope trivy checks: {len(out_of_scope)}; diagnostics: {len(diags_t) + len(diags_k)}")
    if a.details:
        print("\nbad samples not flagged:")
        for m in misses:
            print("  " + m)
        print("good samples flagged:")
        for m in false_pos:
            print("  " + m)
    return 1 if a.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
