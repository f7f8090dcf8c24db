//! Values as Helm computes them: user files merged in order (`-f`), `--set` overrides, then
//! dependency processing (aliases, `tags`, `condition`, `import-values`) and the coalescing of
//! chart defaults under user values, with `global` copied parent-to-child and `null` deleting a
//! default. Mirrors `pkg/chart/common/util/coalesce.go` and `dependencies.go` of Helm.

use serde_json::{Map, Value as J};

use crate::chart::Chart;

/// Deep merge for `-f` files: `over` wins, maps merge recursively (Helm's `mergeMaps`).
pub fn merge_maps(base: &mut Map<String, J>, over: &Map<String, J>) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(J::Object(b)), J::Object(o)) => merge_maps(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Parses one `--set` argument (`a.b=1,c[0]=x`) into `vals`.
pub fn apply_set(vals: &mut Map<String, J>, arg: &str, force_string: bool) -> Result<(), String> {
    for part in split_unescaped(arg, ',') {
        if part.is_empty() {
            continue;
        }
        let Some((key, raw)) = part.split_once('=') else {
            return Err(format!("key {part:?} has no value"));
        };
        let raw = raw.replace("\\,", ",");
        let val = if force_string {
            J::String(raw)
        } else {
            match raw.as_str() {
                "true" => J::Bool(true),
                "false" => J::Bool(false),
                "null" => J::Null,
                s => match s.parse::<i64>() {
                    Ok(i) if !s.starts_with('0') || s == "0" => J::from(i),
                    _ => J::String(raw.clone()),
                },
            }
        };
        set_path(vals, &parse_key(key)?, val)?;
    }
    Ok(())
}

fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut esc = false;
    for c in s.chars() {
        if esc {
            // Keep the escape: callers unescape separators after splitting.
            cur.push('\\');
            cur.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c == sep {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if esc {
        cur.push('\\');
    }
    out.push(cur);
    out
}

enum Seg {
    Key(String),
    Idx(usize),
}

fn parse_key(key: &str) -> Result<Vec<Seg>, String> {
    let mut out = Vec::new();
    for part in split_unescaped(key, '.') {
        let part = part.replace("\\.", ".");
        let (name, mut rest) = match part.find('[') {
            Some(i) => (part[..i].to_string(), &part[i..]),
            None => (part.clone(), ""),
        };
        if !name.is_empty() {
            out.push(Seg::Key(name));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let Some((n, after)) = r.split_once(']') else {
                return Err(format!("unclosed [ in {key:?}"));
            };
            let i: usize = n
                .parse()
                .map_err(|_| format!("bad index {n:?} in {key:?}"))?;
            if i > 65_536 {
                return Err(format!("index {i} too large in {key:?}"));
            }
            out.push(Seg::Idx(i));
            rest = after;
        }
    }
    if out.is_empty() {
        return Err(format!("empty key in {key:?}"));
    }
    Ok(out)
}

fn set_path(vals: &mut Map<String, J>, path: &[Seg], val: J) -> Result<(), String> {
    let mut root = J::Object(std::mem::take(vals));
    let mut cur = &mut root;
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        match seg {
            Seg::Key(k) => {
                if !cur.is_object() {
                    *cur = J::Object(Map::new());
                }
                let J::Object(m) = cur else { break };
                if last {
                    m.insert(k.clone(), val);
                    break;
                }
                cur = m.entry(k.clone()).or_insert(J::Null);
            }
            Seg::Idx(n) => {
                if !cur.is_array() {
                    *cur = J::Array(Vec::new());
                }
                let J::Array(a) = cur else { break };
                while a.len() <= *n {
                    a.push(J::Null);
                }
                if last {
                    a[*n] = val;
                    break;
                }
                cur = &mut a[*n];
            }
        }
    }
    if let J::Object(m) = root {
        *vals = m;
    }
    Ok(())
}

/// Coalesces chart defaults (and its subcharts') under `dest` (user values win).
pub fn coalesce(chart: &Chart, dest: &mut Map<String, J>) {
    coalesce_values(chart.values.as_object(), dest);
    for sub in &chart.subcharts {
        let entry = dest
            .entry(sub.name.clone())
            .or_insert_with(|| J::Object(Map::new()));
        if entry.is_null() {
            *entry = J::Object(Map::new());
        }
        if !entry.is_object() {
            continue;
        }
        // Globals flow from parent to child (parent wins).
        let parent_global = dest.get("global").and_then(J::as_object).cloned();
        let Some(J::Object(child)) = dest.get_mut(&sub.name) else {
            continue;
        };
        coalesce_globals(child, parent_global.as_ref());
        coalesce(sub, child);
    }
}

fn coalesce_globals(child: &mut Map<String, J>, parent: Option<&Map<String, J>>) {
    let Some(pg) = parent else {
        if !child.contains_key("global") {
            child.insert("global".into(), J::Object(Map::new()));
        }
        return;
    };
    let mut dg = match child.remove("global") {
        Some(J::Object(m)) => m,
        _ => Map::new(),
    };
    for (k, v) in pg {
        match (v, dg.get(k)) {
            (J::Object(pv), Some(J::Object(cv))) => {
                let mut merged = pv.clone();
                coalesce_tables(&mut merged, cv);
                dg.insert(k.clone(), J::Object(merged));
            }
            (J::Object(_), Some(_)) => {}
            (_, Some(J::Object(_))) => {}
            _ => {
                dg.insert(k.clone(), v.clone());
            }
        }
    }
    child.insert("global".into(), J::Object(dg));
}

fn coalesce_values(defaults: Option<&Map<String, J>>, dest: &mut Map<String, J>) {
    let Some(defaults) = defaults else { return };
    for (k, dv) in defaults {
        match dest.get_mut(k) {
            Some(J::Null) => {
                dest.remove(k);
            }
            Some(J::Object(d)) => {
                if let J::Object(s) = dv {
                    coalesce_tables(d, s);
                }
            }
            Some(_) => {}
            None => {
                dest.insert(k.clone(), dv.clone());
            }
        }
    }
}

/// `dst` wins; missing keys come from `src`; a null in `dst` deletes the key.
fn coalesce_tables(dst: &mut Map<String, J>, src: &Map<String, J>) {
    for (k, sv) in src {
        match dst.get_mut(k) {
            Some(J::Null) => {
                dst.remove(k);
            }
            None => {
                dst.insert(k.clone(), sv.clone());
            }
            Some(J::Object(d)) => {
                if let J::Object(s) = sv {
                    coalesce_tables(d, s);
                }
            }
            Some(_) => {}
        }
    }
}

fn path_value<'v>(v: &'v Map<String, J>, path: &str) -> Option<&'v J> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut cur = v.get(first)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// Applies aliases and drops disabled dependencies (tags, conditions), recursively.
pub fn process_dependencies(chart: &mut Chart, user: &Map<String, J>) {
    resolve_aliases(chart);
    let mut cvals = user.clone();
    coalesce(chart, &mut cvals);
    prune_disabled(chart, &cvals, "");
    import_values(chart);
}

fn resolve_aliases(chart: &mut Chart) {
    if !chart.dependencies.is_empty() {
        let loaded = std::mem::take(&mut chart.subcharts);
        let mut out: Vec<Chart> = loaded
            .iter()
            .filter(|c| !chart.dependencies.iter().any(|d| d.name == c.name))
            .cloned()
            .collect();
        for d in &mut chart.dependencies {
            if let Some(c) = loaded.iter().find(|c| c.name == d.name) {
                let mut c = c.clone();
                if !d.alias.is_empty() {
                    c.name = d.alias.clone();
                    d.name = d.alias.clone();
                }
                out.push(c);
            }
        }
        chart.subcharts = out;
    }
    for s in &mut chart.subcharts {
        resolve_aliases(s);
    }
}

fn prune_disabled(chart: &mut Chart, cvals: &Map<String, J>, path: &str) {
    let tags = cvals.get("tags").and_then(J::as_object);
    let mut disabled = Vec::new();
    for d in &chart.dependencies {
        let mut enabled = true;
        if let Some(t) = tags {
            let (mut has_true, mut has_false) = (false, false);
            for k in &d.tags {
                match t.get(k) {
                    Some(J::Bool(true)) => has_true = true,
                    Some(J::Bool(false)) => has_false = true,
                    _ => {}
                }
            }
            if !has_true && has_false {
                enabled = false;
            }
        }
        for c in d.condition.trim().split(',') {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            if let Some(J::Bool(b)) = path_value(cvals, &format!("{path}{c}")) {
                enabled = *b;
                break;
            }
        }
        if !enabled {
            disabled.push(d.name.clone());
        }
    }
    chart.subcharts.retain(|c| !disabled.contains(&c.name));
    chart.dependencies.retain(|d| !disabled.contains(&d.name));
    for s in &mut chart.subcharts {
        let p = format!("{path}{}.", s.name);
        prune_disabled(s, cvals, &p);
    }
}

fn import_values(chart: &mut Chart) {
    for s in &mut chart.subcharts {
        import_values(s);
    }
    if chart
        .dependencies
        .iter()
        .all(|d| d.import_values.is_empty())
    {
        return;
    }
    let mut cvals = Map::new();
    coalesce(chart, &mut cvals);
    let mut b = Map::new();
    for d in &chart.dependencies {
        for iv in &d.import_values {
            let (child, parent) = match iv {
                J::String(s) => (format!("exports.{s}"), ".".to_string()),
                J::Object(o) => (
                    o.get("child")
                        .and_then(J::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    o.get("parent")
                        .and_then(J::as_str)
                        .unwrap_or_default()
                        .to_string(),
                ),
                _ => continue,
            };
            let Some(J::Object(table)) = path_value(&cvals, &format!("{}.{child}", d.name)) else {
                continue;
            };
            let mut m = table.clone();
            if parent != "." && !parent.is_empty() {
                for p in parent.rsplit('.') {
                    let mut outer = Map::new();
                    outer.insert(p.to_string(), J::Object(m));
                    m = outer;
                }
            }
            // Earlier imports win over later ones (CoalesceTables(b, new)).
            coalesce_tables(&mut b, &m);
        }
    }
    // Parent values win over imported ones.
    coalesce_tables(&mut cvals, &b);
    chart.values = J::Object(cvals);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_syntax() {
        let mut m = Map::new();
        apply_set(&mut m, "a.b=1,c[1]=x,d=true,e=a\\,b", false).unwrap();
        assert_eq!(
            J::Object(m),
            serde_json::json!({"a": {"b": 1}, "c": [null, "x"], "d": true, "e": "a,b"})
        );
    }

    #[test]
    fn coalesce_null_deletes() {
        let mut dst: Map<String, J> =
            serde_json::from_str(r#"{"a": null, "b": {"c": 1}}"#).unwrap();
        let src: Map<String, J> =
            serde_json::from_str(r#"{"a": 1, "b": {"d": 2}, "e": 3}"#).unwrap();
        coalesce_tables(&mut dst, &src);
        assert_eq!(
            J::Object(dst),
            serde_json::json!({"b": {"c": 1, "d": 2}, "e": 3})
        );
    }
}
