//! A source rewrite that works around a regorus 0.14.1 RVM bug: `x := <undefined>` binds `x` to
//! undefined instead of failing the body (the compiler guards `=` bindings but not `:=`), so
//! `x := input.missing; not f(x)` produced findings the interpreter and OPA do not. For a fresh
//! variable `x = e` means the same as `x := e`, and the RVM guards it, so the RVM program is
//! compiled from sources where every `:=` token is replaced by `= ` (same length, so lines and
//! columns are unchanged). The interpreter keeps the original sources.

/// Replaces `:=` outside strings, raw strings and comments with `= `.
pub(crate) fn rewrite_colon_assign(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                out.extend_from_slice(&bytes[i..end]);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(bytes.len());
                out.extend_from_slice(&bytes[i..end]);
                i = end;
            }
            b'`' => {
                let end = text[i + 1..]
                    .find('`')
                    .map_or(bytes.len(), |n| i + 1 + n + 1);
                out.extend_from_slice(&bytes[i..end]);
                i = end;
            }
            b':' if bytes.get(i + 1) == Some(&b'=') => {
                out.extend_from_slice(b"= ");
                i += 2;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced, at ASCII boundaries.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_code() {
        let src =
            "x := 1 # a := b\ny := \"s := \\\" :=\"\nz := `raw :=`\nf(a) := b if { [p, q] := a }";
        let out = rewrite_colon_assign(src);
        assert_eq!(
            out,
            "x =  1 # a := b\ny =  \"s := \\\" :=\"\nz =  `raw :=`\nf(a) =  b if { [p, q] =  a }"
        );
        assert_eq!(out.len(), src.len());
    }
}
