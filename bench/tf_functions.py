#!/usr/bin/env python3
"""Counts the Terraform functions called in the .tf files of a corpus and checks that comply's
Terraform evaluator implements every one.

Usage: python3 bench/tf_functions.py [--corpus ../shared/corpus]

Every `name(` in a .tf file (comments stripped) whose name is a Terraform built-in function is
counted (names that are not built-ins, e.g. type constraints like `list(` or words inside heredocs
such as PromQL's `rate(`, are listed separately). The implemented set is read from
engine/terraform/src/funcs.rs (`FUNCTIONS`). Exit 1 if a built-in used in the corpus is missing.
"""
import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Terraform's built-in functions (developer.hashicorp.com/terraform/language/functions, v1.9).
BUILTINS = set("""
abs ceil floor log max min parseint pow signum
chomp endswith format formatlist indent join lower regex regexall replace split startswith
strcontains strrev substr templatestring title trim trimprefix trimsuffix trimspace upper
alltrue anytrue chunklist coalesce coalescelist compact concat contains distinct element flatten
index keys length lookup matchkeys merge one range reverse setintersection setproduct setsubtract
setunion slice sort sum transpose values zipmap
base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64
textencodebase64 urlencode yamldecode yamlencode
abspath dirname pathexpand basename file fileexists fileset filebase64 templatefile
formatdate plantimestamp timeadd timecmp timestamp
base64sha256 base64sha512 bcrypt filebase64sha256 filebase64sha512 filemd5 filesha1 filesha256
filesha512 md5 rsadecrypt sha1 sha256 sha512 uuid uuidv5
cidrhost cidrnetmask cidrsubnet cidrsubnets
can ephemeralasnull issensitive nonsensitive sensitive tobool tolist tomap tonumber toset tostring
try type
""".split())
# Type constraint keywords: `list(string)` in a `type =` is not a call.
TYPE_WORDS = {"list", "map", "set", "object", "tuple", "optional"}


def implemented():
    src = (ROOT / "engine" / "terraform" / "src" / "funcs.rs").read_text()
    block = src.split("pub const FUNCTIONS", 1)[1].split("];", 1)[0]
    return set(re.findall(r'"([a-z0-9_]+)"', block))


def strip_comments(text):
    out = []
    for line in text.splitlines():
        line = re.sub(r'\s(#|//).*$', "", line) if not line.lstrip().startswith(("#", "//")) else ""
        out.append(line)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not corpus.is_dir():
        sys.exit(f"corpus not found at {corpus} (pass --corpus)")
    used, other = Counter(), Counter()
    files = sorted(corpus.rglob("*.tf"))
    for f in files:
        text = strip_comments(f.read_text(errors="replace"))
        for m in re.finditer(r"(?<![A-Za-z0-9_.:\-])([a-z_][a-z0-9_]*)\(", text):
            name = m.group(1)
            (used if name in BUILTINS else other)[name] += 1
    have = implemented()
    missing = sorted(n for n in used if n not in have and n not in TYPE_WORDS)
    print(f"{len(files)} .tf files; {sum(used.values())} calls of {len(used)} distinct Terraform functions")
    for name, n in used.most_common():
        mark = "" if name in have or name in TYPE_WORDS else "   <-- NOT IMPLEMENTED"
        print(f"  {name:<18} {n:>5}{mark}")
    print(f"other `name(` words (type constraints, heredoc text, not functions): {len(other)} distinct")
    print("implemented by comply: %d functions" % len(have))
    if missing:
        print("missing: " + ", ".join(missing))
        sys.exit(1)
    print("every Terraform function used in the corpus is implemented")


if __name__ == "__main__":
    main()
