# METADATA
# title: Pipeline document recognised
# description: |
#   Benchmark helper for bench/pipelines.py, not a compliance rule: reports one finding per
#   GitHub Actions or Azure DevOps document so the script can count which files comply read as
#   pipelines, through the same public policy contract as any custom policy.
# custom:
#   id: BENCH-0001
#   severity: low
#   category: supply-chain
#   remediation: Nothing to fix; this rule only inventories documents.
#   inputs: [{kind: github-actions}, {kind: azure-pipelines}]
package bench.pipelines_recognised

deny contains {"msg": sprintf("%s %s", [input.kind, input.type]), "path": []}
