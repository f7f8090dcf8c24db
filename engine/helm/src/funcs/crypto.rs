//! Certificates, keys and password hashes (`genCA`, `genSignedCert`, `genSelfSignedCert`,
//! `genPrivateKey`, `buildCustomCert`, `htpasswd`, `sha1sum`), as Sprig produces them: PEM
//! RSA keys (PKCS#1), X.509 certificates signed with SHA-256/RSA, bcrypt password hashes.
//!
//! All randomness comes from the render's seeded generator, so a render is reproducible:
//! RSA primes come from [`super::prime`] (sieve + Miller-Rabin, the two primes of a key searched
//! on two threads), keys are encoded to DER here, and
//! rcgen (over ring, already in the build for the webhook) assembles and signs certificates.
//! `genCA`, `genSignedCert` and `genSelfSignedCert` return certificate objects
//! ([`crate::objects::LazyCert`]) whose key is generated when `.Cert` or `.Key` is first read,
//! from a seed drawn at the call, so unused certificates cost nothing and output is unchanged.
//! Differences from Sprig, none visible in a manifest's structure: `genPrivateKey "rsa"` makes
//! 2048-bit keys (Sprig: 4096) to keep renders fast, and `dsa` keys are not supported.

use std::collections::BTreeMap;

use base64::Engine as _;
use num_bigint::BigUint;

use super::Rng;
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

fn random_below(ex: &mut Exec<'_>, n: &BigUint) -> BigUint {
    let len = n.to_bytes_be().len() + 8;
    let mut b = vec![0u8; len];
    ex.rng.fill(&mut b);
    BigUint::from_bytes_be(&b) % n
}

/// An RSA key: PKCS#1 DER.
fn gen_rsa(ex: &mut Exec<'_>) -> Result<Vec<u8>, String> {
    gen_rsa_seeded(ex.rng.next_u64())
}

/// An RSA key from a seed (PKCS#1 DER).
fn gen_rsa_seeded(seed: u64) -> Result<Vec<u8>, String> {
    const BITS: u64 = 2048;
    let e = BigUint::from(65_537u32);
    let mut rng = Rng::new(seed);
    loop {
        // The two primes are searched on two threads, each with its own generator seeded from
        // this one, so the key is the same whatever the scheduling.
        let (seed_p, seed_q) = (rng.next_u64(), rng.next_u64());
        let search = |seed: u64| {
            super::prime::random_prime::<{ BITS as usize / 128 }>(&mut Rng::new(seed), 65_537)
        };
        let (mut p, mut q) = std::thread::scope(|s| {
            let other = std::thread::Builder::new().spawn_scoped(s, || search(seed_q));
            let p = search(seed_p);
            let q = match other {
                Ok(h) => h.join().unwrap_or_else(|_| search(seed_q)),
                Err(_) => search(seed_q),
            };
            (p, q)
        });
        if p == q {
            continue;
        }
        if p < q {
            std::mem::swap(&mut p, &mut q);
        }
        let n = &p * &q;
        if n.bits() != BITS {
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
        "" | "rsa" => Ok(pem("RSA PRIVATE KEY", &gen_rsa(ex)?)),
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

/// A certificate object made by `make` when first read (see [`crate::objects::LazyCert`]).
fn lazy_cert(make: impl FnOnce() -> Result<(String, String), String> + 'static) -> Value {
    crate::exec::obj(crate::objects::Object::Cert(crate::objects::LazyCert::new(
        Box::new(make),
    )))
}

/// `genCA CN DAYS`: the key is generated when the certificate is first read.
pub(crate) fn gen_ca(ex: &mut Exec<'_>, cn: &str, days: i64) -> Result<Value, String> {
    let seed = ex.rng.next_u64();
    let params = ca_params(ex, cn, days);
    Ok(lazy_cert(move || {
        let key = gen_rsa_seeded(seed)?;
        ca_sign(params, &key)
    }))
}

/// `genCAWithKey CN DAYS KEY`.
pub(crate) fn gen_ca_with_key(
    ex: &mut Exec<'_>,
    cn: &str,
    days: i64,
    key_pem: &str,
) -> Result<Value, String> {
    let key = rsa_from_pem(key_pem)?;
    let (cert, key) = ca_sign(ca_params(ex, cn, days), &key)?;
    Ok(cert_value(&cert, &key))
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

fn ca_params(ex: &mut Exec<'_>, cn: &str, days: i64) -> rcgen::CertificateParams {
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
    params
}

/// A self-signed certificate: (cert PEM, key PEM).
fn ca_sign(params: rcgen::CertificateParams, key: &[u8]) -> Result<(String, String), String> {
    let kp = key_pair(key)?;
    let cert = params
        .self_signed(&kp)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok((cert.pem(), pem("RSA PRIVATE KEY", key)))
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

/// `genSelfSignedCert CN IPS DNS DAYS` (and `...WithKey`); without a key, the key is generated
/// when the certificate is first read.
pub(crate) fn gen_self_signed(
    ex: &mut Exec<'_>,
    cn: &str,
    ips: Option<&Value>,
    dns: Option<&Value>,
    days: i64,
    key_pem: Option<&str>,
) -> Result<Value, String> {
    match key_pem {
        Some(k) => {
            let key = rsa_from_pem(k)?;
            let params = leaf_params(ex, cn, ips, dns, days)?;
            let (cert, key) = ca_sign(params, &key)?;
            Ok(cert_value(&cert, &key))
        }
        None => {
            let seed = ex.rng.next_u64();
            let params = leaf_params(ex, cn, ips, dns, days)?;
            Ok(lazy_cert(move || ca_sign(params, &gen_rsa_seeded(seed)?)))
        }
    }
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

/// A CA's key (PKCS#1 DER) and certificate (DER), from its PEMs.
fn ca_parts(cert_pem: &str, key_pem: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let key = rsa_from_pem(key_pem).map_err(|e| format!("CA key: {e}"))?;
    let cert = pem_decode(cert_pem)
        .ok_or("error decoding CA certificate PEM")?
        .1;
    Ok((key, cert))
}

/// A certificate signed by the CA: (cert PEM, key PEM).
fn sign_leaf(
    params: rcgen::CertificateParams,
    key: &[u8],
    ca_key: &[u8],
    ca_cert: &[u8],
) -> Result<(String, String), String> {
    let ca_cn = subject_cn(ca_cert).unwrap_or_default();
    let mut ca_params = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, ca_cn);
    ca_params.distinguished_name = dn;
    let issuer = rcgen::Issuer::new(ca_params, key_pair(ca_key)?);
    let kp = key_pair(key)?;
    let cert = params
        .signed_by(&kp, &issuer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok((cert.pem(), pem("RSA PRIVATE KEY", key)))
}

/// `genSignedCert CN IPS DNS DAYS CA` (and `...WithKey`). A CA given as a map (or text) is
/// checked now; a CA from `genCA` and a key to generate are made when the certificate is first
/// read.
pub(crate) fn gen_signed(
    ex: &mut Exec<'_>,
    cn: &str,
    ips: Option<&Value>,
    dns: Option<&Value>,
    days: i64,
    ca: Option<&Value>,
    key_pem: Option<&str>,
) -> Result<Value, String> {
    let lazy_ca = match ca {
        Some(Value::Obj(o)) if matches!(&**o, crate::objects::Object::Cert(_)) => {
            Some(std::rc::Rc::clone(o))
        }
        _ => None,
    };
    let eager_ca = match lazy_ca {
        Some(_) => None,
        None => Some(ca_parts(&field(ca, "Cert"), &field(ca, "Key"))?),
    };
    let given_key = key_pem.map(rsa_from_pem).transpose()?;
    let seed = match given_key {
        Some(_) => None,
        None => Some(ex.rng.next_u64()),
    };
    let params = leaf_params(ex, cn, ips, dns, days)?;
    let make = move || -> Result<(String, String), String> {
        let (ca_key, ca_cert) = match (eager_ca, lazy_ca) {
            (Some(parts), _) => parts,
            (None, Some(o)) => match &*o {
                crate::objects::Object::Cert(c) => {
                    let (cert, key) = c.get()?;
                    ca_parts(&cert, &key)?
                }
                _ => return Err("CA is not a certificate".into()),
            },
            (None, None) => return Err("CA is not a certificate".into()),
        };
        let key = match (given_key, seed) {
            (Some(k), _) => k,
            (None, Some(s)) => gen_rsa_seeded(s)?,
            (None, None) => return Err("no key".into()),
        };
        sign_leaf(params, &key, &ca_key, &ca_cert)
    };
    if seed.is_none() && !matches!(ca, Some(Value::Obj(_))) {
        // Nothing costly to defer: sign now, so errors show at the call.
        let (cert, key) = make()?;
        return Ok(cert_value(&cert, &key));
    }
    Ok(lazy_cert(make))
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
