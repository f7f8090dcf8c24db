# METADATA
# title: Finding constructor
# description: Every policy reports findings through `fail`, so the shape stays `{"msg", "path"}`.
# custom:
#   library: true
package comply.lib.result

# fail builds one finding. `path` is the JSON path (keys and indices) of the offending value
# inside `input.resource`, or of the closest parent when the value is missing.
fail(msg, path) := {"msg": msg, "path": path}
