//! The HTTPS server: accept loop, TLS handshakes, HTTP/1.1 connections with keep-alive, routing
//! (`POST /validate`, `GET /healthz`, `/readyz`, `/metrics`), request limits, the certificate
//! watcher, and graceful shutdown (not ready → keep serving for `shutdown_delay` → stop
//! accepting → let in-flight requests finish within `drain_timeout`).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use kube_core::admission::{AdmissionRequest, Operation};
use kube_core::DynamicObject;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::decision::{decide, Action};
use crate::error::WebhookError;
use crate::log::{emit, emit_with, fields, Level};
use crate::metrics::{Metrics, Outcome};
use crate::pool::{Evaluated, Pool, SubmitError};
use crate::review;
use crate::tls::{self, CertFiles};
use crate::{Policies, WebhookConfig};

/// A TLS handshake must finish within this time.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Request headers must arrive within this time (slow clients are cut off). hyper starts this
/// clock when it waits for the next request, so it also closes keep-alive connections idle for
/// longer; the API server's client notices and reconnects.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// Waiting reviews per evaluation thread before the server answers 503.
const QUEUE_PER_THREAD: usize = 128;

struct State {
    cfg: WebhookConfig,
    pool: Pool,
    metrics: Metrics,
    ready: AtomicBool,
}

type Resp = Response<Full<Bytes>>;

/// Runs the webhook until SIGTERM or SIGINT, on its own runtime. Blocks.
pub fn run(cfg: WebhookConfig, policies: Arc<dyn Policies>) -> Result<(), WebhookError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("comply-net")
        .build()
        .map_err(|e| WebhookError::io("cannot start the runtime", e))?;
    rt.block_on(serve(cfg, policies, termination(), |_| {}))
}

/// Resolves on SIGTERM (what Kubernetes sends) or SIGINT.
async fn termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves until `shutdown` resolves, then drains. `on_bound` gets the listening address (useful
/// with port 0).
pub async fn serve(
    cfg: WebhookConfig,
    policies: Arc<dyn Policies>,
    shutdown: impl Future<Output = ()>,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), WebhookError> {
    crate::log::start();
    let provider = tls::provider();
    let (files, resolver) = CertFiles::load(&cfg.tls_cert, &cfg.tls_key, &provider)?;
    let acceptor = TlsAcceptor::from(Arc::new(tls::server_config(
        Arc::clone(&resolver),
        Arc::clone(&provider),
    )?));
    let listener = TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| WebhookError::io(format!("cannot listen on {}", cfg.listen), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| WebhookError::io("cannot read the listening address", e))?;
    let threads = if cfg.eval_threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        cfg.eval_threads
    };
    let rule_ids = policies.rule_ids();
    let pool = Pool::start(policies, threads, threads * QUEUE_PER_THREAD)
        .map_err(|e| WebhookError::io("cannot start evaluation threads", e))?;
    let state = Arc::new(State {
        metrics: Metrics::new(cfg.mode, rule_ids),
        pool,
        ready: AtomicBool::new(true),
        cfg,
    });
    emit(
        Level::Info,
        "listening",
        fields! {
            "addr" => addr.to_string(),
            "mode" => state.cfg.mode.as_str(),
            "fail_on" => state.cfg.fail_on.map_or("never", |s| s.as_str()),
            "eval_threads" => threads,
            "exempt_namespaces" => state.cfg.exempt_namespaces,
        },
    );
    on_bound(addr);

    let watcher = tokio::spawn(watch_certificates(
        Arc::clone(&state),
        files,
        resolver,
        provider,
    ));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    let mut stop_at: Option<tokio::time::Instant> = None;
    loop {
        tokio::select! {
            () = &mut shutdown, if stop_at.is_none() => {
                state.ready.store(false, Ordering::SeqCst);
                emit(Level::Info, "shutdown requested: not ready, still serving", fields! {
                    "delay_ms" => state.cfg.shutdown_delay.as_millis(),
                });
                stop_at = Some(tokio::time::Instant::now() + state.cfg.shutdown_delay);
            }
            () = async {
                match stop_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            } => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    let _ = tcp.set_nodelay(true);
                    let acceptor = acceptor.clone();
                    let state = Arc::clone(&state);
                    let watch = graceful.watcher();
                    tokio::spawn(async move {
                        let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                            Ok(Ok(s)) => s,
                            Ok(Err(e)) => {
                                emit(Level::Warn, "TLS handshake failed", fields! {
                                    "peer" => peer.to_string(), "error" => e.to_string(),
                                });
                                return;
                            }
                            Err(_) => return,
                        };
                        let svc = hyper::service::service_fn(move |req| {
                            let state = Arc::clone(&state);
                            async move { Ok::<_, Infallible>(handle(&state, req).await) }
                        });
                        let conn = hyper::server::conn::http1::Builder::new()
                            .timer(TokioTimer::new())
                            .header_read_timeout(HEADER_TIMEOUT)
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(tls), svc);
                        let _ = watch.watch(conn).await;
                    });
                }
                Err(e) => {
                    // Typically out of file descriptors: back off instead of spinning.
                    emit(Level::Error, "accept failed", fields! { "error" => e.to_string() });
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(state.cfg.drain_timeout, graceful.shutdown())
        .await
        .is_ok();
    watcher.abort();
    // Let queued evaluations finish and join the threads off the runtime.
    if let Ok(state) = Arc::try_unwrap(state) {
        let _ = tokio::task::spawn_blocking(move || state.pool.stop()).await;
    }
    emit(Level::Info, "stopped", fields! { "drained" => drained });
    let _ = tokio::task::spawn_blocking(|| crate::log::flush(Duration::from_secs(5))).await;
    Ok(())
}

async fn watch_certificates(
    state: Arc<State>,
    mut files: CertFiles,
    resolver: Arc<tls::Resolver>,
    provider: Arc<rustls::crypto::CryptoProvider>,
) {
    let mut tick = tokio::time::interval(
        state
            .cfg
            .cert_reload_interval
            .max(Duration::from_millis(10)),
    );
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        match files.refresh(&resolver, &provider) {
            Ok(false) => {}
            Ok(true) => {
                state.metrics.cert_reload(true);
                emit(
                    Level::Info,
                    "certificate reloaded",
                    fields! {
                        "cert" => state.cfg.tls_cert.display().to_string(),
                    },
                );
            }
            Err(e) => {
                state.metrics.cert_reload(false);
                emit(
                    Level::Error,
                    "certificate reload failed; still serving the previous one",
                    fields! {
                        "error" => e.to_string(),
                    },
                );
            }
        }
    }
}

fn text(status: StatusCode, body: impl Into<Bytes>) -> Resp {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn handle(state: &State, req: Request<Incoming>) -> Resp {
    let path = req.uri().path();
    let resp = match (req.method(), path) {
        (&Method::POST, "/validate") => {
            let started = Instant::now();
            let deadline = started + state.cfg.request_timeout;
            let r = tokio::time::timeout(state.cfg.request_timeout, validate(state, req, deadline))
                .await
                .unwrap_or_else(|_| {
                    emit(
                        Level::Error,
                        "review timed out",
                        fields! {
                            "timeout_ms" => state.cfg.request_timeout.as_millis(),
                        },
                    );
                    text(
                        StatusCode::GATEWAY_TIMEOUT,
                        "the review did not finish in time\n",
                    )
                });
            state.metrics.latency(started.elapsed());
            r
        }
        (&Method::GET, "/healthz") => text(StatusCode::OK, "ok\n"),
        (&Method::GET, "/readyz") => {
            if state.ready.load(Ordering::SeqCst) {
                text(StatusCode::OK, "ready\n")
            } else {
                text(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n")
            }
        }
        (&Method::GET, "/metrics") => {
            let mut r = text(StatusCode::OK, state.metrics.render());
            r.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            r
        }
        (_, "/validate") => {
            let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "use POST\n");
            r.headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST"));
            r
        }
        (_, "/healthz" | "/readyz" | "/metrics") => {
            let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "use GET\n");
            r.headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET"));
            r
        }
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    };
    state.metrics.request(resp.status().as_u16());
    resp
}

/// A request the webhook will not judge: logged, answered with `status` and the reason.
fn reject(status: StatusCode, reason: &str) -> Resp {
    emit(
        Level::Warn,
        "bad request",
        fields! {
            "status" => status.as_u16(), "reason" => reason,
        },
    );
    text(status, format!("{reason}\n"))
}

fn is_json(ct: Option<&HeaderValue>) -> bool {
    ct.and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

async fn validate(state: &State, req: Request<Incoming>, deadline: Instant) -> Resp {
    let cfg = &state.cfg;
    let json = is_json(req.headers().get(CONTENT_TYPE));
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit = cfg.max_body_bytes;
    let too_large = format!("request body larger than {limit} bytes");
    if declared.is_some_and(|n| n > limit as u64) {
        return reject(StatusCode::PAYLOAD_TOO_LARGE, &too_large);
    }
    let body = match Limited::new(req.into_body(), limit).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return reject(StatusCode::PAYLOAD_TOO_LARGE, &too_large)
        }
        Err(e) => {
            return reject(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the body: {e}"),
            )
        }
    };
    // Checked after reading the body, so the connection stays usable for the next request.
    if !json {
        return reject(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    let review::Parsed { request, object } = match review::parse(&body) {
        Ok(p) => p,
        Err(reason) => return reject(StatusCode::BAD_REQUEST, &reason),
    };
    let request = &request;
    let dry_run = request.dry_run;
    let answer =
        |decision: Option<&crate::decision::Decision>| match review::respond(request, decision) {
            Ok(b) => {
                let mut r = Response::new(Full::new(Bytes::from(b)));
                r.headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r
            }
            Err(e) => text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot encode the response: {e}\n"),
            ),
        };
    if matches!(request.operation, Operation::Delete | Operation::Connect) {
        state.metrics.decision(Outcome::Skipped, dry_run);
        return answer(None);
    }
    let namespace = request.namespace.as_deref().unwrap_or("");
    if !namespace.is_empty() && cfg.exempt_namespaces.iter().any(|n| n == namespace) {
        state.metrics.decision(Outcome::Exempt, dry_run);
        return answer(None);
    }
    let Some(object) = object else {
        return reject(StatusCode::BAD_REQUEST, "request.object is missing");
    };
    let doc = review::document(object, request);
    let object_name = doc.display_name();
    let rx = match state.pool.submit(doc, deadline) {
        Ok(rx) => rx,
        Err(SubmitError::Overloaded) => {
            emit(
                Level::Warn,
                "overloaded: review refused",
                fields! { "uid" => request.uid },
            );
            return text(StatusCode::SERVICE_UNAVAILABLE, "overloaded, retry\n");
        }
        Err(SubmitError::Closed) => {
            return text(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n");
        }
    };
    let Ok(Evaluated { eval, took }) = rx.await else {
        state.metrics.policy_error(None);
        return text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the evaluation was abandoned\n",
        );
    };
    state.metrics.evaluation(took);
    for r in &eval.skipped_inventory {
        state.metrics.inventory_skip(r);
    }
    for e in &eval.errors {
        state
            .metrics
            .policy_error(Some(e.rule_id.as_str()).filter(|r| !r.is_empty()));
    }
    let d = decide(cfg.mode, cfg.fail_on, &eval, &object_name);
    for (f, a) in eval.findings.iter().zip(&d.actions) {
        state.metrics.finding(&f.rule_id, *a);
    }
    let outcome = if !d.allowed {
        Outcome::Denied
    } else if !d.warnings.is_empty() {
        Outcome::Warned
    } else {
        Outcome::Allowed
    };
    state.metrics.decision(outcome, dry_run);
    if d.noteworthy {
        log_review(state, request, &object_name, &eval, &d);
    }
    answer(Some(&d))
}

/// The log line of a review that found something (or failed), serialised field by field.
#[derive(serde::Serialize)]
struct ReviewLine<'a> {
    uid: &'a str,
    operation: &'static str,
    object: &'a str,
    user: Option<&'a str>,
    dry_run: bool,
    mode: &'static str,
    allowed: bool,
    audit_only: bool,
    findings: Vec<FindingLine<'a>>,
    errors: Vec<ErrorLine<'a>>,
}

#[derive(serde::Serialize)]
struct FindingLine<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    path: String,
    action: &'static str,
}

#[derive(serde::Serialize)]
struct ErrorLine<'a> {
    rule: &'a str,
    error: &'a str,
}

fn log_review(
    state: &State,
    r: &AdmissionRequest<DynamicObject>,
    object: &str,
    eval: &crate::Evaluation,
    d: &crate::decision::Decision,
) {
    let line = ReviewLine {
        uid: &r.uid,
        operation: review::operation_str(&r.operation),
        object,
        user: r.user_info.username.as_deref(),
        dry_run: r.dry_run,
        mode: state.cfg.mode.as_str(),
        allowed: d.allowed,
        audit_only: d.actions.iter().all(|a| *a == Action::Audit),
        findings: eval
            .findings
            .iter()
            .zip(&d.actions)
            .map(|(f, a)| FindingLine {
                rule: &f.rule_id,
                name: &f.rule_name,
                severity: f.severity.as_str(),
                message: &f.message,
                path: comply_model::format_path(&f.path),
                action: a.as_str(),
            })
            .collect(),
        errors: eval
            .errors
            .iter()
            .map(|e| ErrorLine {
                rule: &e.rule_id,
                error: &e.message,
            })
            .collect(),
    };
    let level = if d.allowed { Level::Info } else { Level::Warn };
    let msg = if d.allowed {
        "review allowed with findings"
    } else {
        "review denied"
    };
    emit_with(level, msg, &line);
}
