#!/usr/bin/env python3
"""Calibrates the Terraform policies against labelled public samples.

Reads ../shared/corpus/trivy-checks-examples (labels.json: file -> check, expected pass|fail) and
../shared/corpus/kics-fixtures (positive*/negative* samples with expected lines), scans every sample
as its own module with comply, and reports per comply category:
  - bad samples flagged: how many "fail" samples get a finding from a comply rule that implements
    the labelled check (TRIVY_CHECKS / KICS_QUERIES below) (target >= 90%),
  - good samples flagged: how many "pass" samples get such a finding (target <= 10%).
Every trivy Terraform check is either compared (TRIVY_CHECKS) or excluded with a reason
(TRIVY_OUT_OF_SCOPE); samples that call registry modules are excluded (they need `terraform init`).
--assert also fails when a trivy check is in neither list.

Usage: python3 bench/labelled.py [--comply target/debug/comply] [--corpus ../shared/corpus]
       [--details] [--assert]
Exit 0 unless --assert is given and a target is missed (exit 1). Exit 3 when the corpus is absent.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

# A labelled check is compared with the comply rules that implement the same concern (not with
# every rule of its category: a trivy "good" example is good for its own check only, and is often
# rightly flagged for something else, e.g. a bucket with a public access block but no versioning).
# check id -> (comply category, comply rule ids, optional regex the finding message must match when
# one comply rule covers several checks).
TRIVY_CHECKS = {
    # network-isolation
    "AWS-0107": ("network-isolation", ["TF-0119", "TF-0120"], None),
    "AWS-0180": ("network-isolation", ["TF-0102"], None),
    "AWS-0086": ("network-isolation", ["TF-0125"], r"block_public_acls|no public access block"),
    "AWS-0087": ("network-isolation", ["TF-0125"], r"block_public_policy|no public access block"),
    "AWS-0091": ("network-isolation", ["TF-0125"], r"ignore_public_acls|no public access block"),
    "AWS-0093": ("network-isolation", ["TF-0125"], r"restrict_public_buckets|no public access block"),
    "AWS-0094": ("network-isolation", ["TF-0125"], r"no public access block"),
    "AWS-0092": ("network-isolation", ["TF-0126"], None),
    "AWS-0040": ("network-isolation", ["TF-0117"], None),
    "AWS-0041": ("network-isolation", ["TF-0117"], None),
    "AZU-0041": ("network-isolation", ["TF-0002"], None),
    "AZU-0065": ("network-isolation", ["TF-0002"], None),
    "AZU-0043": ("network-isolation", ["TF-0001"], None),
    "AZU-0013": ("network-isolation", ["TF-0028"], None),
    "AZU-0012": ("network-isolation", ["TF-0025"], None),
    "AZU-0007": ("network-isolation", ["TF-0024"], None),
    "AZU-0022": ("network-isolation", ["TF-0020"], None),
    "AZU-0029": ("network-isolation", ["TF-0020"], None),
    "AZU-0047": ("network-isolation", ["TF-0030", "TF-0031"], None),
    "AZU-0048": ("network-isolation", ["TF-0030"], None),
    "AZU-0050": ("network-isolation", ["TF-0030"], None),
    "AZU-0074": ("network-isolation", ["TF-0030"], None),
    # encryption (at rest, and in transit where it is a switch)
    "AWS-0012": ("encryption", ["TF-0123"], None),
    "AWS-0054": ("encryption", ["TF-0121"], None),
    "AWS-0021": ("encryption", ["TF-0101"], None),
    "AWS-0076": ("encryption", ["TF-0101"], None),
    "AWS-0079": ("encryption", ["TF-0101"], None),
    "AWS-0080": ("encryption", ["TF-0101"], None),
    "AWS-0023": ("encryption", ["TF-0112"], None),
    "AWS-0026": ("encryption", ["TF-0109"], None),
    "AWS-0131": ("encryption", ["TF-0109"], None),
    "AWS-0008": ("encryption", ["TF-0109"], None),
    "AWS-0037": ("encryption", ["TF-0110"], None),
    "AWS-0039": ("encryption", ["TF-0118"], None),
    "AWS-0045": ("encryption", ["TF-0105"], None),
    "AWS-0051": ("encryption", ["TF-0106"], None),
    "AWS-0048": ("encryption", ["TF-0113"], None),
    "AWS-0043": ("encryption", ["TF-0114"], None),
    "AWS-0046": ("encryption", ["TF-0115"], None),
    "AWS-0065": ("encryption", ["TF-0108"], None),
    "AZU-0004": ("encryption", ["TF-0013"], None),
    "AZU-0072": ("encryption", ["TF-0013"], None),
    "AZU-0071": ("encryption", ["TF-0034"], None),
    "AZU-0008": ("encryption", ["TF-0010"], None),
    "AZU-0020": ("encryption", ["TF-0007", "TF-0019"], None),
    "AZU-0061": ("encryption", ["TF-0011"], None),
    "AZU-0067": ("encryption", ["TF-0005"], None),
    # tls
    "AWS-0005": ("tls", ["TF-0129"], None),
    "AWS-0013": ("tls", ["TF-0124"], None),
    "AWS-0047": ("tls", ["TF-0122"], None),
    "AWS-0126": ("tls", ["TF-0116"], None),
    "AZU-0006": ("tls", ["TF-0018"], None),
    "AZU-0011": ("tls", ["TF-0017"], None),
    "AZU-0026": ("tls", ["TF-0015"], None),
    "AZU-0059": ("tls", ["TF-0010", "TF-0017"], None),
    # backup-retention
    "AWS-0024": ("backup-retention", ["TF-0111"], None),
    "AWS-0050": ("backup-retention", ["TF-0107"], None),
    "AWS-0077": ("backup-retention", ["TF-0104"], None),
    "AWS-0090": ("backup-retention", ["TF-0127"], None),
    # trivy's no-purge check is key vault recoverability (CIS Azure 8.5): purge protection and the
    # soft-delete retention
    "AZU-0016": ("backup-retention", ["TF-0012", "TF-0029"], None),
    "AZU-0056": ("backup-retention", ["TF-0026"], None),
}

# Every other trivy Terraform check, with the reason it is not compared.
_OUT_OF_SCOPE_REASONS = {
    "logging, auditing, monitoring, alerting or tracing (no comply category)": [
        "AWS-0001", "AWS-0003", "AWS-0010", "AWS-0014", "AWS-0016", "AWS-0019", "AWS-0020", "AWS-0034",
        "AWS-0038", "AWS-0042", "AWS-0066", "AWS-0070", "AWS-0071", "AWS-0074", "AWS-0075", "AWS-0089",
        "AWS-0133", "AWS-0162", "AWS-0163", "AWS-0171", "AWS-0172", "AWS-0178", "AZU-0009", "AZU-0018",
        "AZU-0019", "AZU-0021", "AZU-0023", "AZU-0024", "AZU-0025", "AZU-0027", "AZU-0028", "AZU-0031",
        "AZU-0032", "AZU-0033", "AZU-0040", "AZU-0044", "AZU-0045", "AZU-0046", "AZU-0049", "AZU-0057",
        "AZU-0062", "AZU-0063", "AZU-0064", "AZU-0073",
    ],
    "identity, IAM, RBAC, authentication, passwords or secrets in code (no comply category)": [
        "AWS-0004", "AWS-0029", "AWS-0036", "AWS-0056", "AWS-0057", "AWS-0058", "AWS-0059", "AWS-0060",
        "AWS-0061", "AWS-0062", "AWS-0063", "AWS-0067", "AWS-0097", "AWS-0122", "AWS-0123", "AWS-0129",
        "AWS-0134", "AWS-0141", "AWS-0143", "AWS-0345", "AWS-0028", "AWS-0130", "AZU-0001", "AZU-0002",
        "AZU-0003", "AZU-0014", "AZU-0015", "AZU-0017", "AZU-0030", "AZU-0037", "AZU-0039", "AZU-0042",
        "AZU-0052", "AWS-0170",
    ],
    "customer-managed KMS key required (comply accepts provider-managed encryption)": [
        "AWS-0015", "AWS-0017", "AWS-0022", "AWS-0025", "AWS-0027", "AWS-0033", "AWS-0078", "AWS-0084",
        "AWS-0098", "AWS-0128", "AWS-0132", "AWS-0135", "AWS-0136", "AZU-0060",
    ],
    "S3 encrypts every object at rest (SSE-S3) by default since January 2023; comply does not report "
    "a missing server_side_encryption_configuration": ["AWS-0088"],
    "service outside the Terraform policy scope of issue 3 (no comply rule for it)": [
        "AWS-0002", "AWS-0006", "AWS-0007", "AWS-0018", "AWS-0030", "AWS-0031", "AWS-0032", "AWS-0035",
        "AWS-0064", "AWS-0072", "AWS-0073", "AWS-0095", "AWS-0096", "AWS-0109", "AWS-0127", "AWS-0137",
        "AWS-0138", "AWS-0139", "AWS-0179", "AWS-0190", "AZU-0034", "AZU-0035", "AZU-0036", "AZU-0038",
        "AZU-0066", "AZU-0068", "AZU-0069", "AZU-0070", "AZU-0005",
    ],
    "network concern comply does not judge (egress, NACLs, public IPs, internet-facing load balancers, "
    "default VPC, descriptions, storage firewall bypass)": [
        "AWS-0009", "AWS-0011", "AWS-0049", "AWS-0052", "AWS-0053", "AWS-0099", "AWS-0101", "AWS-0102",
        "AWS-0104", "AWS-0105", "AWS-0124", "AWS-0161", "AWS-0164", "AWS-0344", "AZU-0010", "AZU-0051",
        "AZU-0075", "AZU-0076",
    ],
    "storage replication (redundancy of the live data, not backup retention)": ["AZU-0058"],
}
TRIVY_OUT_OF_SCOPE = {c: reason for reason, ids in _OUT_OF_SCOPE_REASONS.items() for c in ids}

# KICS query directory name -> (comply category, comply rule ids, message regex).
KICS_QUERIES = {
    "db_instance_storage_not_encrypted": ("encryption", ["TF-0101"], None),
    "cloudfront_without_minimum_protocol_tls_1.2": ("tls", ["TF-0124"], None),
    "rds_with_backup_disabled": ("backup-retention", ["TF-0104"], None),
    "unrestricted_security_group_ingress": ("network-isolation", ["TF-0119", "TF-0120"], None),
    "storage_account_not_forcing_https": ("encryption", ["TF-0010"], None),
    "ssh_is_exposed_to_the_internet": ("network-isolation", ["TF-0030"], None),
    "geo_redundancy_is_disabled": ("backup-retention", ["TF-0006"], None),
    "cosmos_db_account_without_tags": ("tagging", ["TF-0201"], None),
}

# The thresholds the labels assume. Trivy's retention labels fit any backup_retention_days from 3 to
# 5 (RDS: 1 day bad, 5 good; ElastiCache: 5 good; key vault soft delete: 2 days bad); comply's
# default is 7, so the trivy samples run with 5. The KICS tagging query flags resources
# without any tags; comply judges required keys, so the KICS samples run with one required key.
TRIVY_PARAMS = "params:\n  backup_retention_days: 5\n"
KICS_PARAMS = "params:\n  required_tags: [\"Environment\"]\n"

# A sample that calls a registry module cannot be judged without `terraform init` (the module's
# resources are not in the sample; comply reports the call as skipped): excluded.
REMOTE_MODULE = re.compile(r'^\s*module\s+"[^"]*"\s*\{(?:(?!^\s*module\s).)*?^\s*source\s*=\s*"(?!\.\.?/)', re.S | re.M)


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
                found[keys[sample]].append((f["rule_id"], f["category"], f.get("line", 0), f.get("message", "")))
        return found, report.get("diagnostics", [])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def _hits(findings, rules, pattern):
    return [f for f in findings if f[0] in rules and (pattern is None or re.search(pattern, f[3]))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--comply", default="target/debug/comply")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--details", action="store_true", help="list missed bad samples, flagged good samples, exclusions")
    ap.add_argument("--assert", dest="check", action="store_true", help="exit 1 when a target is missed")
    a = ap.parse_args()
    trivy = os.path.join(a.corpus, "trivy-checks-examples")
    kics = os.path.join(a.corpus, "kics-fixtures", "assets", "queries", "terraform")
    if not os.path.isdir(trivy) or not os.path.isdir(kics):
        print(f"labelled corpora not found under {a.corpus}: skipped")
        return 3

    # (source, category, expected, sample path, expected lines or None, check, rules, pattern)
    cases = []
    excluded = []  # (sample, reason)
    out_of_scope, unclassified = defaultdict(set), set()
    for l in json.load(open(os.path.join(trivy, "labels.json"))):
        if not l["file"].endswith(".tf"):
            continue
        check = l["check_id"]
        path = os.path.join(trivy, l["file"])
        if check in TRIVY_OUT_OF_SCOPE:
            out_of_scope[TRIVY_OUT_OF_SCOPE[check]].add(check)
            continue
        if check not in TRIVY_CHECKS:
            unclassified.add(check)
            continue
        if REMOTE_MODULE.search(open(path).read()):
            excluded.append((path, "calls a registry module"))
            continue
        cat, rules, pattern = TRIVY_CHECKS[check]
        cases.append(("trivy", cat, l["expected"], path, None, check, rules, pattern))
    for provider in sorted(os.listdir(kics)):
        for query in sorted(os.listdir(os.path.join(kics, provider))):
            test = os.path.join(kics, provider, query, "test")
            if query not in KICS_QUERIES or not os.path.isdir(test):
                continue
            cat, rules, pattern = KICS_QUERIES[query]
            expected = defaultdict(set)
            exp_file = os.path.join(test, "positive_expected_result.json")
            if os.path.exists(exp_file):
                for e in json.load(open(exp_file)):
                    expected[e["fileName"]].add(e["line"])
            for name in sorted(os.listdir(test)):
                if not name.endswith(".tf"):
                    continue
                kind = "fail" if name.startswith("positive") else "pass" if name.startswith("negative") else None
                path = os.path.join(test, name)
                if not kind:
                    continue
                if REMOTE_MODULE.search(open(path).read()):
                    excluded.append((path, "calls a registry module"))
                    continue
                cases.append(("kics", cat, kind, path, expected.get(name), query, rules, pattern))

    found_t, diags_t = scan(a.comply, [(c[3], c[3]) for c in cases if c[0] == "trivy"], TRIVY_PARAMS)
    found_k, diags_k = scan(a.comply, [(c[3], c[3]) for c in cases if c[0] == "kics"], KICS_PARAMS)
    found = {**found_t, **found_k}

    table = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # bad, bad flagged, good, good flagged, lines expected, lines hit
    misses, false_pos = [], []
    for src, cat, kind, path, lines, check, rules, pattern in cases:
        hits = _hits(found.get(path, []), rules, pattern)
        row = table[(src, cat)]
        if kind == "fail":
            row[0] += 1
            row[1] += bool(hits)
            if not hits:
                other = sorted({f[0] for f in found.get(path, [])})
                misses.append(f"{src} {check} {os.path.relpath(path, a.corpus)} (other findings: {other})")
            if lines:
                row[4] += len(lines)
                row[5] += len(lines & {f[2] for f in hits})
        else:
            row[2] += 1
            row[3] += bool(hits)
            if hits:
                false_pos.append(f"{src} {check} {os.path.relpath(path, a.corpus)}: " + "; ".join(sorted({f"{h[0]} line {h[2]}: {h[3]}" for h in hits})))

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
    n_out = sum(len(v) for v in out_of_scope.values())
    print(f"\ncompared trivy checks: {len({c[5] for c in cases if c[0] == 'trivy'})}; out of scope: {n_out}; "
          f"unclassified: {len(unclassified)}; samples excluded: {len(excluded)}; diagnostics: {len(diags_t) + len(diags_k)}")
    if unclassified:
        ok = False
        print("unclassified trivy checks (add them to TRIVY_CHECKS or TRIVY_OUT_OF_SCOPE): " + ", ".join(sorted(unclassified)))
    if a.details:
        print("\nbad samples not flagged:")
        for m in misses:
            print("  " + m)
        print("good samples flagged:")
        for m in false_pos:
            print("  " + m)
        print("excluded samples:")
        for path, reason in excluded:
            print(f"  {os.path.relpath(path, a.corpus)}: {reason}")
        print("out-of-scope trivy checks:")
        for reason, ids in sorted(out_of_scope.items()):
            print(f"  {reason}: {', '.join(sorted(ids))}")
        print("diagnostics:")
        for d in diags_t + diags_k:
            print(f"  {d.get('file')}:{d.get('line')}: {d.get('message', '')[:160]}")
    return 1 if a.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
