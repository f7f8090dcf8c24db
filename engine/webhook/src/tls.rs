//! TLS: the certificate and key are read from PEM files and served through a resolver whose key
//! can be swapped at run time. A watcher re-reads the files periodically (polling works on
//! Kubernetes secret volumes, which change by symlink swaps that file events miss) and installs
//! a new pair once it parses and the key matches the certificate. Established connections keep
//! their session; only new handshakes see the new certificate, so nothing is dropped.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use crate::error::WebhookError;

/// The crypto provider: ring (compiles quickly, no C toolchain beyond cc).
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The certificate currently served.
#[derive(Debug)]
pub(crate) struct Resolver {
    current: RwLock<Arc<CertifiedKey>>,
}

impl ResolvesServerCert for Resolver {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.current.read().ok().map(|k| Arc::clone(&k))
    }
}

/// The files a certificate was loaded from, and their contents at the last successful load.
#[derive(Debug)]
pub(crate) struct CertFiles {
    cert: PathBuf,
    key: PathBuf,
    loaded: (Vec<u8>, Vec<u8>),
    /// The contents of the last failed attempt, so a bad pair is reported once.
    failed: Option<(Vec<u8>, Vec<u8>)>,
}

fn read(path: &Path) -> Result<Vec<u8>, WebhookError> {
    std::fs::read(path).map_err(|e| WebhookError::Tls {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })
}

fn certified_key(
    cert_path: &Path,
    cert: &[u8],
    key_path: &Path,
    key: &[u8],
    provider: &CryptoProvider,
) -> Result<CertifiedKey, WebhookError> {
    let tls = |path: &Path, message: String| WebhookError::Tls {
        path: path.to_path_buf(),
        message,
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert)
        .collect::<Result<_, _>>()
        .map_err(|e| tls(cert_path, format!("invalid PEM certificate: {e}")))?;
    if chain.is_empty() {
        return Err(tls(cert_path, "no CERTIFICATE block found".into()));
    }
    let key = PrivateKeyDer::from_pem_slice(key)
        .map_err(|e| tls(key_path, format!("invalid PEM private key: {e}")))?;
    CertifiedKey::from_der(chain, key, provider).map_err(|e| {
        tls(
            key_path,
            format!("unusable with {}: {e}", cert_path.display()),
        )
    })
}

impl CertFiles {
    /// Loads the pair; fails when either file is unreadable or they do not match.
    pub(crate) fn load(
        cert: &Path,
        key: &Path,
        provider: &CryptoProvider,
    ) -> Result<(Self, Arc<Resolver>), WebhookError> {
        let (c, k) = (read(cert)?, read(key)?);
        let ck = certified_key(cert, &c, key, &k, provider)?;
        Ok((
            Self {
                cert: cert.to_path_buf(),
                key: key.to_path_buf(),
                loaded: (c, k),
                failed: None,
            },
            Arc::new(Resolver {
                current: RwLock::new(Arc::new(ck)),
            }),
        ))
    }

    /// Re-reads the files; when they changed and form a valid pair, installs them.
    /// `Ok(true)`: reloaded; `Ok(false)`: unchanged (or the same bad pair as last time).
    pub(crate) fn refresh(
        &mut self,
        resolver: &Resolver,
        provider: &CryptoProvider,
    ) -> Result<bool, WebhookError> {
        let pair = (read(&self.cert)?, read(&self.key)?);
        if pair == self.loaded || self.failed.as_ref() == Some(&pair) {
            return Ok(false);
        }
        match certified_key(&self.cert, &pair.0, &self.key, &pair.1, provider) {
            Ok(ck) => {
                if let Ok(mut cur) = resolver.current.write() {
                    *cur = Arc::new(ck);
                }
                self.loaded = pair;
                self.failed = None;
                Ok(true)
            }
            Err(e) => {
                // Often transient: cert-manager writes the two files one after the other.
                self.failed = Some(pair);
                Err(e)
            }
        }
    }
}

/// The rustls server configuration: TLS 1.2+ with the provider's safe defaults, HTTP/1.1.
pub(crate) fn server_config(
    resolver: Arc<Resolver>,
    provider: Arc<CryptoProvider>,
) -> Result<rustls::ServerConfig, WebhookError> {
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| WebhookError::Tls {
            path: PathBuf::new(),
            message: format!("TLS configuration: {e}"),
        })?
        .with_no_client_auth()
        .with_cert_resolver(resolver);
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(cfg)
}
