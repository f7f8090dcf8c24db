#!/usr/bin/env python3
"""Turns comply's JSON report into the GitHub Action's outputs, job summary and annotations.

Called by action/scan.sh as `summary.py REPORT.json --annotate|--no-annotate`. It reads only the
JSON report (schema: engine/report/JSON-SCHEMA.md, version 1), never the human output, and
needs nothing beyond the Python 3.8+ standard library, so it runs on every hosted runner.

- Step outputs (GITHUB_OUTPUT): findings, failing, suppressed, errors, critical, high, medium,
  low (unsuppressed findings by severity).
- Job summary (GITHUB_STEP_SUMMARY): a table of unsuppressed findings per category and severity,
  the top findings with links to the file and line at GITHUB_SHA, and the error diagnostics.
- Annotations (stdout, with --annotate): `::error` for findings at or above fail-on, `::warning`
  for the others and for warning diagnostics, so findings show on the diff without code scanning.
"""

import json
import os
import sys
import urllib.parse

SEVERITIES = ["critical", "high", "medium", "low"]
TOP = 10
MAX_ANNOTATIONS = 50


def md(text):
    """Escapes text for a Markdown table cell (file content is untrusted: no HTML, no links)."""
    text = " ".join(str(text).split())
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|~#!&":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def command_data(text):
    """Escapes the message of a workflow command."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(text):
    """Escapes a property value of a workflow command."""
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(kind, message, file=None, line=0, column=0, end_line=0, end_column=0, title=None):
    props = []
    if file:
        props.append("file=" + command_property(file))
        if line:
            props.append("line=%d" % line)
            if end_line:
                props.append("endLine=%d" % end_line)
            if column and (not end_line or end_line == line):
                props.append("col=%d" % column)
                if end_column:
                    props.append("endColumn=%d" % end_column)
    if title:
        props.append("title=" + command_property(title))
    head = "::" + kind + (" " + ",".join(props) if props else "")
    return head + "::" + command_data(message)


def link(file, line):
    """Markdown for `file:line`, linked to the file at the scanned commit when the run says where."""
    label = md("%s:%d" % (file, line) if line else file)
    server = os.environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repo = os.environ.get("GITHUB_REPOSITORY", "")
    sha = os.environ.get("GITHUB_SHA", "")
    if not (server and repo and sha and file) or file.startswith("/") or ".." in file.split("/"):
        return label
    url = "%s/%s/blob/%s/%s" % (server, repo, sha, urllib.parse.quote(file, safe="/"))
    if line:
        url += "#L%d" % line
    return "[%s](%s)" % (label, url)


def at_or_above(severity, threshold):
    if threshold not in SEVERITIES or severity not in SEVERITIES:
        return False
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def summarise(report):
    """Returns (outputs, summary markdown, finding annotations most severe first, diagnostics)."""
    summary = report.get("summary", {})
    findings = [f for f in report.get("findings", []) if f.get("suppression") is None]
    diagnostics = report.get("diagnostics", [])
    fail_on = summary.get("fail_on")
    by_severity = {s: 0 for s in SEVERITIES}
    # Category rows in the report's (DESIGN) order, then any category it did not list.
    categories = list(summary.get("by_category", {}).keys())
    table = {}
    for f in findings:
        sev, cat = f.get("severity", ""), f.get("category", "")
        if sev in by_severity:
            by_severity[sev] += 1
        if cat not in categories:
            categories.append(cat)
        row = table.setdefault(cat, {s: 0 for s in SEVERITIES})
        if sev in row:
            row[sev] += 1
    errors = [d for d in diagnostics if d.get("level") == "error"]
    # The report's own counts are authoritative; the table is built from the same findings.
    failing = int(summary.get("failing", 0))
    outputs = {
        "findings": int(summary.get("findings", len(findings))),
        "failing": failing,
        "suppressed": int(summary.get("suppressed", 0)),
        "errors": len(errors),
    }
    reported = summary.get("by_severity", {})
    outputs.update({s: int(reported.get(s, by_severity[s])) for s in SEVERITIES})

    # Most severe first (the log shows the first annotations of each kind), then by place.
    ranked = sorted(
        findings,
        key=lambda f: (
            SEVERITIES.index(f["severity"]) if f.get("severity") in SEVERITIES else len(SEVERITIES),
            f.get("file", ""),
            f.get("line", 0),
            f.get("rule_id", ""),
        ),
    )
    lines = []
    category = os.environ.get("INPUT_CATEGORY", "")
    title = "comply" + (" (%s)" % md(category) if category and category != "comply" else "")
    threshold = fail_on if fail_on else "never"
    if findings:
        lines.append(
            "## %s: %d finding%s, %d at or above fail-on `%s`"
            % (title, len(findings), "" if len(findings) == 1 else "s", failing, threshold)
        )
    else:
        lines.append("## %s: no findings" % title)
    lines.append("")
    lines.append(
        "Scanned %d files (%d documents); %d suppressed; %d errors."
        % (
            int(summary.get("files_scanned", 0)),
            int(summary.get("documents", 0)),
            outputs["suppressed"],
            len(errors),
        )
    )
    lines.append("")
    if findings:
        lines.append("| Category | Critical | High | Medium | Low | Total |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for cat in categories:
            row = table.get(cat)
            if not row:
                continue
            counts = [row[s] for s in SEVERITIES]
            lines.append("| %s | %s | %d |" % (md(cat), " | ".join(str(c) for c in counts), sum(counts)))
        totals = [by_severity[s] for s in SEVERITIES]
        lines.append("| **Total** | %s | %d |" % (" | ".join(str(c) for c in totals), sum(totals)))
        lines.append("")
        shown = ranked[:TOP]
        lines.append(
            "### Top findings" + ("" if len(ranked) <= TOP else " (%d of %d)" % (len(shown), len(ranked)))
        )
        lines.append("")
        lines.append("| Severity | Rule | Location | Message |")
        lines.append("|---|---|---|---|")
        for f in shown:
            lines.append(
                "| %s | %s %s | %s | %s |"
                % (
                    md(f.get("severity", "")),
                    md(f.get("rule_id", "")),
                    md(f.get("rule_name", "")),
                    link(f.get("file", ""), int(f.get("line") or 0)),
                    md(f.get("message", "")),
                )
            )
        lines.append("")
    if errors:
        lines.append("### Errors")
        lines.append("")
        for d in errors:
            where = link(d["file"], int(d.get("line") or 0)) + ": " if d.get("file") else ""
            lines.append("- %s%s (%s)" % (where, md(d.get("message", "")), md(d.get("code", ""))))
        lines.append("")

    notes = []
    for f in ranked:
        kind = "error" if at_or_above(f.get("severity"), fail_on) else "warning"
        notes.append(
            annotation(
                kind,
                f.get("message", ""),
                file=f.get("file"),
                line=int(f.get("line") or 0),
                column=int(f.get("column") or 0),
                end_line=int(f.get("end_line") or 0),
                end_column=int(f.get("end_column") or 0),
                title="%s %s (%s)" % (f.get("rule_id", ""), f.get("rule_name", ""), f.get("severity", "")),
            )
        )
    return outputs, "\n".join(lines) + "\n", notes, diagnostics


def main(argv):
    # Windows consoles default to a legacy code page; the runner reads UTF-8.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    if len(argv) != 3 or argv[2] not in ("--annotate", "--no-annotate"):
        sys.stderr.write("usage: summary.py REPORT.json --annotate|--no-annotate\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as fh:
            report = json.load(fh)
    except (OSError, ValueError) as e:
        print("::error title=comply::cannot read the JSON report %s: %s" % (argv[1], command_data(e)))
        return 1
    if report.get("version") != 1:
        print("::error title=comply::unsupported JSON report version %r" % (report.get("version"),))
        return 1
    outputs, markdown, notes, diagnostics = summarise(report)

    target = os.environ.get("GITHUB_OUTPUT")
    text = "".join("%s=%s\n" % (k, v) for k, v in outputs.items())
    if target:
        with open(target, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(markdown)
    else:
        sys.stdout.write(markdown)

    # Operational errors are annotated always: SARIF carries them only as notifications.
    for d in diagnostics:
        if d.get("level") in ("error", "warning"):
            print(
                annotation(
                    d["level"],
                    "%s (%s)" % (d.get("message", ""), d.get("code", "")),
                    file=d.get("file"),
                    line=int(d.get("line") or 0),
                    column=int(d.get("column") or 0),
                    title="comply",
                )
            )
    if argv[2] == "--annotate":
        for line in notes[:MAX_ANNOTATIONS]:
            print(line)
        if len(notes) > MAX_ANNOTATIONS:
            print(
                "::notice title=comply::%d more findings are not annotated; see the job summary and the log"
                % (len(notes) - MAX_ANNOTATIONS)
            )
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
