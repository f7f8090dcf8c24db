//! Certificates, keys and password hashes (`genCA`, `genSignedCert`, `genSelfSignedCert`,
//! `genPrivateKey`, `buildCustomCert`, `htpasswd`, `sha1sum`), as Sprig produces them: PEM
//! RSA keys (PKCS#1), X.509 certificates signed with SHA-256/RSA, bcrypt password hashes.
//!
//! All randomness comes from the render's seeded generator, so a render is reproducible:
//! RSA primes are found by Miller-Rabin over num-bigint, keys are encoded to DER here, and
//! rcgen (over ring, already in the build for the webhook) assembles and signs certificates.
//! Differences from Sprig, none visible in a manifest's structure: `genPrivateKey "rsa"` makes
//! 2048-bit keys (Sprig: 4096) to keep renders fast, and `dsa` keys are not supported.

use std::collections::BTreeMap;

use base64::Engine as _;
use num_bigint::BigUint;

use crate::exec::Exec;
use crate::value::Value;

/// SHA-1 (FIPS 180-4), for `sha1sum`.
pub(crate) fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | ((!b) & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

// ---- DER

fn der_len(n: usize, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let skip = b.iter().take_while(|x| **x == 0).count();
        out.push(0x80 | (b.len() - skip) as u8);
        out.extend_from_slice(&b[skip..]);
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    der_len(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

fn der_uint(n: &BigUint) -> Vec<u8> {
    let mut b = n.to_bytes_be();
    if b.first().is_some_and(|x| x & 0x80 != 0) {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn pem(label: &str, der: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end = rest.find("-----END ")?;
    let body: String = rest
        .get(body_start..end)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    Some((label, der))
}

// ---- RSA

/// Odd primes below 8192, for trial division before Miller-Rabin.
fn small_primes() -> &'static [u32] {
    static P: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        const N: usize = 8192;
        let mut sieve = vec![true; N];
        let mut out = Vec::new();
        for i in 2..N {
            if sieve[i] {
                if i > 2 {
                    out.push(i as u32);
                }
                let mut k = i * i;
                while k < N {
                    sieve[k] = false;
                    k += i;
                }
            }
        }
        out
    })
}

fn random_below(ex: &mut Exec<'_>, n: &BigUint) -> BigUint {
    let len = n.to_bytes_be().len() + 8;
    let mut b = vec![0u8; len];
    ex.rng.fill(&mut b);
    BigUint::from_bytes_be(&b) % n
}

fn probably_prime(ex: &mut Exec<'_>, n: &BigUint, rounds: usize) -> bool {
    let one = BigUint::from(1u32);
    let two = BigUint::from(2u32);
    let n1 = n - &one;
    let mut d = n1.clone();
    let mut r = 0u32;
    while !d.bit(0) {
        d >>= 1;
        r += 1;
    }
    let n3 = n - &two - &one;
    'witness: for _ in 0..rounds {
        let a = random_below(ex, &n3) + &two;
        let mut x = a.modpow(&d, n);
        if x == one || x == n1 {
            continue;
        }
        for _ in 1..r {
            x = x.modpow(&two, n);
            if x == n1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

fn gen_prime(ex: &mut Exec<'_>, bits: usize, e: u32) -> BigUint {
    let primes = small_primes();
    loop {
        let mut b = vec![0u8; bits / 8];
        ex.rng.fill(&mut b);
        b[0] |= 0xC0;
        if let Some(last) = b.last_mut() {
            *last |= 1;
        }
        let start = BigUint::from_bytes_be(&b);
        // Residues of the start modulo each small prime; candidates are start + delta.
        let residues: Vec<u32> = primes
            .iter()
            .map(|q| (&start % *q).to_u32_digits().first().copied().unwrap_or(0))
            .collect();
        let e_res = (&start % e).to_u32_digits().first().copied().unwrap_or(0);
        let mut delta: u32 = 0;
        while delta < 1 << 20 {
            let divisible = primes
                .iter()
                .zip(&residues)
                .any(|(q, r)| (u64::from(*r) + u64::from(delta)) % u64::from(*q) == 0);
            // p - 1 must be coprime with e (a prime), i.e. p mod e != 1.
            let e_ok = (u64::from(e_res) + u64::from(delta)) % u64::from(e) != 1;
            if !divisible && e_ok {
                let p = &start + delta;
                if probably_prime(ex, &p, 5) {
                    return p;
                }
            }
            delta += 2;
        }
    }
}

/// An RSA key: PKCS#1 DER.
fn gen_rsa(ex: &mut Exec<'_>, bits: usize) -> Result<Vec<u8>, String> {
    let e = BigUint::from(65_537u32);
    loop {
        let mut p = gen_prime(ex, bits / 2, 65_537);
        let mut q = gen_prime(ex, bits / 2, 65_537);
        if p == q {
            continue;
        }
        if p < q {
            std::mem::swap(&mut p, &mut q);
        }
        let n = &p * &q;
        if n.bits() as usize != bits {
            continue;
        }
        let p1 = &p - 1u32;
        let q1 = &q - 1u32;
        let phi = &p1 * &q1;
        let Some(d) = e.modinv(&phi) else { continue };
        let Some(qinv) = q.modinv(&p) else { continue };
        let dp = &d % &p1;
        let dq = &d % &q1;
        return Ok(seq(&[
            der_uint(&BigUint::from(0u32)),
            der_uint(&n),
            der_uint(&e),
            der_uint(&d),
            der_uint(&p),
            der_uint(&q),
            der_uint(&dp),
            der_uint(&dq),
            der_uint(&qinv),
        ]));
    }
}

const RSA_ALG_ID: [u8; 15] = [
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

fn pkcs1_to_pkcs8(pkcs1: &[u8]) -> Vec<u8> {
    seq(&[
        vec![0x02, 0x01, 0x00],
        RSA_ALG_ID.to_vec(),
        tlv(0x04, pkcs1),
    ])
}

fn key_pair(pkcs1: &[u8]) -> Result<rcgen::KeyPair, String> {
    let p8 = pem("PRIVATE KEY", &pkcs1_to_pkcs8(pkcs1));
    rcgen::KeyPair::from_pem_and_sign_algo(&p8, &rcgen::PKCS_RSA_SHA256)
        .map_err(|e| format!("RSA key rejected: {e}"))
}

/// A private key PEM of the given type.
pub(crate) fn gen_private_key(ex: &mut Exec<'_>, typ: &str) -> Result<String, String> {
    match typ {
        "" | "rsa" => Ok(pem("RSA PRIVATE KEY", &gen_rsa(ex, 2048)?)),
        "ecdsa" => {
            // SEC1 ECPrivateKey on P-256 (the public key is optional and derived by readers).
            let n = BigUint::parse_bytes(
                b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
                16,
            )
            .ok_or("bad curve order")?;
            let d = random_below(ex, &(&n - 1u32)) + 1u32;
            let mut db = d.to_bytes_be();
            while db.len() < 32 {
                db.insert(0, 0);
            }
            let oid = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
            let der = seq(&[vec![0x02, 0x01, 0x01], tlv(0x04, &db), tlv(0xa0, &oid)]);
            Ok(pem("EC PRIVATE KEY", &der))
        }
        "ed25519" => {
            let mut seed = [0u8; 32];
            ex.rng.fill(&mut seed);
            let alg = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
            let der = seq(&[
                vec![0x02, 0x01, 0x00],
                alg.to_vec(),
                tlv(0x04, &tlv(0x04, &seed)),
            ]);
            Ok(pem("PRIVATE KEY", &der))
        }
        other => Err(format!(
            "unknown private key type {other:?} (supported: rsa, ecdsa, ed25519)"
        )),
    }
}

fn cert_params(ex: &mut Exec<'_>, cn: &str, days: i64) -> rcgen::CertificateParams {
    let mut params = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, cn);
    params.distinguished_name = dn;
    let (y, m, d) = super::time::ymd_from_now(0);
    params.not_before = rcgen::date_time_ymd(y, m, d);
    let (y, m, d) = super::time::ymd_from_now(days.clamp(0, 365 * 1000));
    params.not_after = rcgen::date_time_ymd(y, m, d);
    let mut serial = [0u8; 16];
    ex.rng.fill(&mut serial);
    serial[0] &= 0x7f;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    params
}

fn cert_value(cert: &str, key: &str) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Cert".to_string(), Value::str(cert));
    m.insert("Key".to_string(), Value::str(key));
    Value::map(m)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(l)) => l.iter().map(super::strval).collect(),
        Some(Value::Str(s)) if !s.is_empty() => vec![s.to_string()],
        _ => Vec::new(),
    }
}

fn sans(ips: Option<&Value>, dns: Option<&Value>) -> Result<Vec<rcgen::SanType>, String> {
    let mut out = Vec::new();
    for ip in strings(ips) {
        let addr: std::net::IpAddr = ip.parse().map_err(|_| format!("error parsing ip: {ip}"))?;
        out.push(rcgen::SanType::IpAddress(addr));
    }
    for d in strings(dns) {
        let name = d
            .clone()
            .try_into()
            .map_err(|e| format!("bad DNS name {d:?}: {e}"))?;
        out.push(rcgen::SanType::DnsName(name));
    }
    Ok(out)
}

/// `genCA CN DAYS`.
pub(crate) fn gen_ca(ex: &mut Exec<'_>, cn: &str, days: i64) -> Result<Value, String> {
    let key = gen_rsa(ex, 2048)?;
    ca_with(ex, cn, days, &key)
}

/// `genCAWithKey CN DAYS KEY`.
pub(crate) fn gen_ca_with_key(
    ex: &mut Exec<'_>,
    cn: &str,
    days: i64,
    key_pem: &str,
) -> Result<Value, String> {
    let key = rsa_from_pem(key_pem)?;
    ca_with(ex, cn, days, &key)
}

fn rsa_from_pem(key_pem: &str) -> Result<Vec<u8>, String> {
    match pem_decode(key_pem) {
        Some((label, der)) if label == "RSA PRIVATE KEY" => Ok(der),
        Some((label, _)) => Err(format!(
            "unsupported private key type {label:?} (RSA PRIVATE KEY expected)"
        )),
        None => Err("error decoding private key PEM".into()),
    }
}

fn ca_with(ex: &mut Exec<'_>, cn: &str, days: i64, key: &[u8]) -> Result<Value, String> {
    let mut params = cert_params(ex, cn, days);
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyEncipherment,
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    let kp = key_pair(key)?;
    let cert = params
        .self_signed(&kp)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(cert_value(&cert.pem(), &pem("RSA PRIVATE KEY", key)))
}

fn leaf_params(
    ex: &mut Exec<'_>,
    cn: &str,
    ips: Option<&Value>,
    dns: Option<&Value>,
    days: i64,
) -> Result<rcgen::CertificateParams, String> {
    let mut params = cert_params(ex, cn, days);
    params.subject_alt_names = sans(ips, dns)?;
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyEncipherment,
        rcgen::KeyUsagePurpose::DigitalSignature,
    ];
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    Ok(params)
}

/// `genSelfSignedCert CN IPS DNS DAYS` (and `...WithKey`).
pub(crate) fn gen_self_signed(
    ex: &mut Exec<'_>,
    cn: &str,
    ips: Option<&Value>,
    dns: Option<&Value>,
    days: i64,
    key_pem: Option<&str>,
) -> Result<Value, String> {
    let key = match key_pem {
        Some(k) => rsa_from_pem(k)?,
        None => gen_rsa(ex, 2048)?,
    };
    let params = leaf_params(ex, cn, ips, dns, days)?;
    let kp = key_pair(&key)?;
    let cert = params
        .self_signed(&kp)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(cert_value(&cert.pem(), &pem("RSA PRIVATE KEY", &key)))
}

/// The subject common name of a certificate (DER), for re-creating its issuer name.
fn subject_cn(der: &[u8]) -> Option<String> {
    fn read(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let tag = *b.first()?;
        let l0 = *b.get(1)? as usize;
        let (len, hdr) = if l0 < 0x80 {
            (l0, 2)
        } else {
            let n = l0 & 0x7f;
            let mut len = 0usize;
            for i in 0..n {
                len = (len << 8) | *b.get(2 + i)? as usize;
            }
            (len, 2 + n)
        };
        let body = b.get(hdr..hdr + len)?;
        Some((tag, body, b.get(hdr + len..)?))
    }
    let (_, cert, _) = read(der)?;
    let (_, tbs, _) = read(cert)?;
    let mut rest = tbs;
    let (tag, _, r) = read(rest)?;
    rest = if tag == 0xa0 { r } else { rest };
    // serial, signature, issuer, validity, subject
    for _ in 0..4 {
        rest = read(rest)?.2;
    }
    let (_, subject, _) = read(rest)?;
    let mut rdns = subject;
    while !rdns.is_empty() {
        let (_, set, r) = read(rdns)?;
        rdns = r;
        let (_, atv, _) = read(set)?;
        let (_, oid, r2) = read(atv)?;
        if oid == [0x55, 0x04, 0x03] {
            let (_, val, _) = read(r2)?;
            return Some(String::from_utf8_lossy(val).into_owned());
        }
    }
    None
}

fn field(ca: Option<&Value>, k: &str) -> String {
    match ca {
        Some(Value::Map(m)) => m.borrow().get(k).map(super::strval).unwrap_or_default(),
        _ => String::new(),
    }
}

/// `genSignedCert CN IPS DNS DAYS CA` (and `...WithKey`).
pub(crate) fn gen_signed(
    ex: &mut Exec<'_>,
    cn: &str,
    ips: Option<&Value>,
    dns: Option<&Value>,
    days: i64,
    ca: Option<&Value>,
    key_pem: Option<&str>,
) -> Result<Value, String> {
    let ca_key = rsa_from_pem(&field(ca, "Key")).map_err(|e| format!("CA key: {e}"))?;
    let ca_cert = pem_decode(&field(ca, "Cert"))
        .ok_or("error decoding CA certificate PEM")?
        .1;
    let ca_cn = subject_cn(&ca_cert).unwrap_or_default();
    let key = match key_pem {
        Some(k) => rsa_from_pem(k)?,
        None => gen_rsa(ex, 2048)?,
    };
    let params = leaf_params(ex, cn, ips, dns, days)?;
    let mut ca_params = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, ca_cn);
    ca_params.distinguished_name = dn;
    let ca_kp = key_pair(&ca_key)?;
    let issuer = rcgen::Issuer::new(ca_params, ca_kp);
    let kp = key_pair(&key)?;
    let cert = params
        .signed_by(&kp, &issuer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(cert_value(&cert.pem(), &pem("RSA PRIVATE KEY", &key)))
}

/// `buildCustomCert B64CERT B64KEY`: a certificate object from base64-encoded PEMs.
pub(crate) fn build_custom_cert(cert_b64: &str, key_b64: &str) -> Result<Value, String> {
    let dec = |s: &str, what: &str| -> Result<String, String> {
        let b = base64::engine::general_purpose::STANDARD
            .decode(s.trim())
            .map_err(|e| format!("unable to decode base64 {what}: {e}"))?;
        let t = String::from_utf8(b).map_err(|_| format!("{what} is not text"))?;
        if pem_decode(&t).is_none() {
            return Err(format!("error decoding {what} PEM"));
        }
        Ok(t)
    };
    Ok(cert_value(
        &dec(cert_b64, "certificate")?,
        &dec(key_b64, "private key")?,
    ))
}

/// `htpasswd USER PASSWORD`: `user:bcrypt-hash` (cost 10, seeded salt).
pub(crate) fn htpasswd(ex: &mut Exec<'_>, user: &str, pass: &str) -> String {
    let mut salt = [0u8; 16];
    ex.rng.fill(&mut salt);
    match bcrypt::hash_with_salt(pass, 10, salt) {
        Ok(h) => format!("{user}:{}", h.format_for_version(bcrypt::Version::TwoA)),
        Err(e) => format!("{user}:{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_known_answer() {
        assert_eq!(
            super::super::hex(&sha1(b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }
}
