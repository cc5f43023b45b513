//! `byline serve`: the JSON API (`api`) and the web page (`page`) over HTTP/1 (axum on tokio).
//!
//! One [`Engine`] serves every request. The async threads only route and wait; each request's
//! work runs on tokio's blocking pool, at most `2 x CPUs` at once (more wait, up to the
//! request timeout). Every 250 ms a task moves the engine to the index's latest commit, so
//! commits from `--watch` or from a separate `byline index` are seen within a second; until
//! the index can be opened, API requests get 503. Read-only: nothing a request says names a
//! file. Every response carries a strict Content-Security-Policy and `nosniff`.

mod api;
mod error;
mod page;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::extract::{Path as UrlPath, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::cli::ServeArgs;
use crate::output::notices;
use crate::search::Engine;
use error::ApiError;

/// Longest a request may take, waiting for a worker included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest query string accepted, in bytes.
const MAX_QUERY_STRING: usize = 8192;
/// How often the engine looks for a new commit.
const RELOAD_EVERY: Duration = Duration::from_millis(250);

/// What every request shares.
struct Shared {
    dir: PathBuf,
    /// `None` until the index can be opened.
    engine: RwLock<Option<Arc<Engine>>>,
    /// Why the index cannot be opened (for 503s), while it cannot.
    open_error: RwLock<Option<String>>,
    /// Requests doing work at once.
    permits: tokio::sync::Semaphore,
    quiet: bool,
}

impl Shared {
    fn engine(&self) -> Option<Arc<Engine>> {
        self.engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Open the index if it is not open yet, else move to its latest commit. Runs on the
    /// blocking pool.
    fn refresh(&self) {
        match self.engine() {
            Some(engine) => {
                if let Err(e) = engine.reload() {
                    // The old commit stays readable (its files are mapped); say it once.
                    let mut last = self.open_error.write().unwrap_or_else(|p| p.into_inner());
                    let msg = format!("{e:#}");
                    if last.as_deref() != Some(msg.as_str()) {
                        notices::say(&format!("cannot reload the index: {msg}"));
                        *last = Some(msg);
                    }
                }
            }
            // Facet tables: a faceted request counts with arrays, not dictionary lookups.
            None => match Engine::open(&self.dir).and_then(|e| e.keep_facet_tables().map(|()| e)) {
                Ok(engine) => {
                    *self.engine.write().unwrap_or_else(|p| p.into_inner()) =
                        Some(Arc::new(engine));
                    *self.open_error.write().unwrap_or_else(|p| p.into_inner()) = None;
                }
                Err(e) => {
                    *self.open_error.write().unwrap_or_else(|p| p.into_inner()) =
                        Some(format!("{e:#}"));
                }
            },
        }
    }

    /// Run `work` on the blocking pool with the engine, within the limits; its answer is JSON.
    async fn answer(
        self: &Arc<Self>,
        work: impl FnOnce(&Engine) -> Result<Vec<u8>, ApiError> + Send + 'static,
    ) -> Response {
        let deadline = tokio::time::Instant::now() + REQUEST_TIMEOUT;
        let Ok(Ok(permit)) = tokio::time::timeout_at(deadline, self.permits.acquire()).await else {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many requests at once; try again",
            )
            .into_response();
        };
        let Some(engine) = self.engine() else {
            let why = self
                .open_error
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone()
                .unwrap_or_else(|| "not opened yet".into());
            return ApiError::unavailable(why).into_response();
        };
        let job = tokio::task::spawn_blocking(move || work(&engine));
        let out = tokio::time::timeout_at(deadline, job).await;
        drop(permit);
        match out {
            Ok(Ok(Ok(body))) => json_response(body),
            Ok(Ok(Err(e))) => e.into_response(),
            Ok(Err(_panicked)) => ApiError::internal(
                "internal error: this is a bug in byline, please report it with the request",
            )
            .into_response(),
            Err(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "the request took longer than {} s",
                    REQUEST_TIMEOUT.as_secs()
                ),
            )
            .into_response(),
        }
    }
}

fn json_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `byline serve`: serve until Ctrl-C or SIGTERM.
pub fn run(dir: PathBuf, a: ServeArgs) -> Result<()> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.min(4))
        // As many as may run at once (permits) and one for reloads: each thread's allocator
        // keeps its freed pages until it next runs.
        .max_blocking_threads(threads * 2 + 1)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = (!a.watch.is_empty())
        .then(|| start_watch(&dir, &a.watch, Arc::clone(&stop)))
        .transpose()?;
    let shared = Arc::new(Shared {
        dir: dir.clone(),
        engine: RwLock::new(None),
        open_error: RwLock::new(None),
        permits: tokio::sync::Semaphore::new(threads * 2),
        quiet: a.quiet,
    });
    shared.refresh();
    if let Some(e) = shared
        .open_error
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
    {
        notices::say(&format!(
            "the index cannot be opened yet ({e}); answering 503 until it can"
        ));
    }
    let served = runtime.block_on(serve(a.addr, Arc::clone(&shared)));
    stop.store(true, Ordering::SeqCst);
    if let Some(w) = watcher {
        let _ = w.join();
    }
    served?;
    notices::say("stopped");
    Ok(())
}

async fn serve(addr: SocketAddr, shared: Arc<Shared>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        notices::say(&format!(
            "warning: listening on {local}, which other machines may reach: anyone who can \
             connect can read the whole index"
        ));
    }
    // The address first, on stdout (port 0 picks a free one): scripts and tests read it.
    println!("http://{local}/");
    notices::say(&format!(
        "serving {} at http://{local}/ (Ctrl-C to stop)",
        shared.dir.display()
    ));
    let reloader = tokio::spawn(reload_loop(Arc::clone(&shared)));
    let app = router(shared);
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server failed");
    reloader.abort();
    result
}

async fn reload_loop(shared: Arc<Shared>) {
    let mut tick = tokio::time::interval(RELOAD_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let s = Arc::clone(&shared);
        let _ = tokio::task::spawn_blocking(move || s.refresh()).await;
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/search", get(search))
        .route("/api/facets", get(facets))
        .route("/api/timeline", get(timeline))
        .route("/api/related", get(related))
        .route("/api/articles/{id}", get(article))
        .route("/api/stats", get(stats))
        .route("/healthz", get(health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// Every request: refuse an overlong query string, log the request (unless `--quiet`), and
/// set the security headers on the response.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let too_long = req
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_STRING);
    let mut response = if too_long {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            "parameter",
            format!("the query string is longer than {MAX_QUERY_STRING} bytes"),
        )
        .into_response()
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(page::CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !shared.quiet {
        notices::line(&format!(
            "{method} {path} {} {:.1} ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1e3
        ));
    }
    response
}

async fn search(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    s.answer(move |e| api::search(e, &api::Params::parse(q.as_deref())))
        .await
}

async fn facets(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    s.answer(move |e| api::facets(e, &api::Params::parse(q.as_deref())))
        .await
}

async fn timeline(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    s.answer(move |e| api::timeline(e, &api::Params::parse(q.as_deref())))
        .await
}

async fn related(State(s): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    s.answer(move |e| api::related(e, &api::Params::parse(q.as_deref())))
        .await
}

async fn article(State(s): State<Arc<Shared>>, UrlPath(id): UrlPath<String>) -> Response {
    s.answer(move |e| api::article(e, &id)).await
}

async fn stats(State(s): State<Arc<Shared>>) -> Response {
    let dir = s.dir.clone();
    s.answer(move |_| api::stats(&dir)).await
}

async fn health(State(s): State<Arc<Shared>>) -> Response {
    match s.engine() {
        Some(e) => json_response(
            serde_json::json!({"status": "ok", "passages": e.num_passages()})
                .to_string()
                .into_bytes(),
        ),
        None => ApiError::unavailable(
            s.open_error
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone()
                .unwrap_or_default(),
        )
        .into_response(),
    }
}

async fn method_not_allowed(req: Request) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "parameter",
        format!(
            "{} is not answered here: the server is read-only, every endpoint takes GET",
            req.method()
        ),
    )
    .into_response()
}

async fn not_found(req: Request) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such endpoint: {}", req.uri().path()),
    )
    .into_response()
}

/// `--watch PATH...`: index the paths into `dir` and keep indexing what changes, on a thread
/// of its own, until `stop` is set.
fn start_watch(
    dir: &Path,
    paths: &[PathBuf],
    stop: Arc<AtomicBool>,
) -> Result<std::thread::JoinHandle<()>> {
    let opts = crate::index::Options::new(paths.to_vec(), dir.to_path_buf());
    let roots = crate::index::watch::roots(&opts)?;
    let handle = std::thread::Builder::new()
        .name("byline-watch".into())
        .spawn(move || {
            let on = |ev: crate::index::Event| match ev {
                crate::index::Event::Skipped(r) | crate::index::Event::Warning(r) => {
                    notices::problems(std::slice::from_ref(r))
                }
                crate::index::Event::Notice(m) => notices::say(m),
                _ => {}
            };
            let mut report = |r: Result<crate::index::Summary>| match r {
                Ok(s) => notices::say(&format!(
                    "indexed: {}",
                    crate::output::index_summary_line(&s)
                )),
                Err(e) => notices::say(&format!("{e:#} (trying again)")),
            };
            let timing = crate::index::watch::Timing::default();
            if let Err(e) =
                crate::index::watch::watch(&opts, &roots, timing, &stop, &on, &mut report)
            {
                notices::say(&format!("watching stopped: {e:#}"));
            }
        })
        .context("cannot start the watch thread")?;
    Ok(handle)
}
