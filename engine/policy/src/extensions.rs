//! Builtins regorus lacks that compliance policies want, registered as engine extensions
//! (interpreter only: the RVM compiler rejects extensions, so rules calling them run on the
//! interpreter path).

use regorus::{Engine, Value};
use sha2::{Digest, Sha256};

/// A Rego v1 engine with comply's extensions registered.
pub(crate) fn new_engine() -> Engine {
    let mut engine = Engine::new();
    // Registering on a fresh engine only fails for a duplicate name, which cannot happen here.
    let _ = engine.add_extension("crypto.sha256".into(), 1, Box::new(crypto_sha256));
    engine
}

/// `crypto.sha256(string)`: the lowercase hex SHA-256 of the string's UTF-8 bytes (as OPA).
fn crypto_sha256(args: Vec<Value>) -> anyhow::Result<Value> {
    let Some(arg) = args.first() else {
        anyhow::bail!("crypto.sha256 expects one argument");
    };
    let s = arg
        .as_string()
        .map_err(|_| anyhow::anyhow!("crypto.sha256 expects a string"))?;
    let digest = Sha256::digest(s.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    Ok(Value::from(hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_known_digest() -> anyhow::Result<()> {
        let mut e = new_engine();
        e.add_policy(
            "t.rego".into(),
            "package t\nh := crypto.sha256(\"abc\")\n".into(),
        )?;
        let v = e.eval_rule("data.t.h".into())?;
        assert_eq!(
            v,
            Value::from("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        Ok(())
    }
}
