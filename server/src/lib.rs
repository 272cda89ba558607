//! The Letterbox server: `/api/v1` for the residents' app, the staff desk
//! under `/staff`, and the built app itself with the cache headers an
//! offline-first PWA needs.
//!
//! Module map, top to bottom; a module uses only those below it, and no
//! two modules use each other:
//! - `http/` the API, one module per resource, and `staff/` the desk, one
//!   module per use case: thin handlers that read the request, call
//!   `lifecycle` or `db`, and answer.
//! - `auth` (the device-token extractor) and `lifecycle`, the only write
//!   path for case changes: core's rules decide, then the event, progress,
//!   departments and audit entry are written in one transaction;
//!   `campaigns`, the same for suggestion campaigns; `erasure`, a
//!   resident's data leaving the office (forget, erase, retention); `quota`, how much
//!   one address, device or case may ask (counted in `db`).
//! - `error` the API's problem+json errors (one middleware logs the
//!   server's own); `state` what every handler can reach; `guard` what
//!   every request is held to (concurrency, timeouts).
//! - `db/` the only place that writes SQL: one module per table family,
//!   named rows.
//! - Leaves: `catalogue` (reference lists), `clock` (injectable time),
//!   `query_code` (the HMAC codes of Art. 18), `rate_limit`, `assets` (the
//!   built app and its cache headers); `campaign_page` (a campaign's link,
//!   `/c/{slug}`: `index.html` with its title for previews and first paint).
//! - The edge: `client` (the client's address behind trusted proxies),
//!   `edge` (public origin and proxies), `sign_in_throttle` (how often
//!   staff sign-in may be tried) over `password_checks` (argon2 on one
//!   thread per core), `headers` (CSP and the other security
//!   headers on every answer).

pub mod assets;
pub mod auth;
pub mod campaign_page;
pub mod campaigns;
pub mod catalogue;
pub mod client;
pub mod clock;
pub mod db;
pub mod desk_host;
pub mod edge;
pub mod erasure;
pub mod error;
pub mod guard;
pub mod headers;
pub mod http;
pub mod image_check;
pub mod lifecycle;
pub mod metrics;
pub mod password_checks;
pub mod photo_store;
pub mod private_files;
pub mod query_code;
pub mod quota;
pub mod rate_limit;
pub mod sign_in_throttle;
pub mod staff;
pub mod state;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

pub use clock::Clock;
pub use db::{Db, Migrations};
pub use state::{AppState, OpenError, Storage};

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// The data directory, the database and the query-code key.
    pub storage: Storage,
    /// Where Prometheus scrapes `/metrics`; not served when `None`.
    pub metrics_addr: Option<SocketAddr>,
    pub dist: PathBuf,
    pub quotas: quota::QuotaLimits,
    pub limits: guard::ServerLimits,
    /// Days a closed case keeps identity and photos; 0 keeps them
    /// (`erasure::purge_expired`).
    pub retention_days: u32,
    /// Public origin and trusted proxies (`--public-origin`,
    /// `--trusted-proxy`, `--forwarded-header`).
    pub edge: edge::Edge,
}

/// The whole application: API under `/api/v1`, the app everywhere else,
/// with the server's default limits (`guard`).
pub fn app(state: AppState) -> Router {
    app_with_limits(state, guard::ServerLimits::default())
}

/// The whole application under `limits`.
pub fn app_with_limits(state: AppState, limits: guard::ServerLimits) -> Router {
    let dist = state.dist.clone();
    let security = headers::SecurityHeaders::new(&state.edge, &dist);
    let edge = state.edge.clone();
    Router::new()
        .nest("/api/v1", http::router())
        .merge(staff::router())
        .route("/c/{slug}", axum::routing::get(campaign_page::page))
        .fallback_service(assets::service(&dist))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::count,
        ))
        .with_state(state)
        .layer(axum::middleware::map_response(error::log_server_errors))
        // The desk on its own host name, when it has one.
        .layer(axum::middleware::from_fn_with_state(edge, desk_host::split))
        .layer(axum::middleware::from_fn_with_state(
            guard::Guard::new(limits),
            guard::hold,
        ))
        // Outside everything else, so every answer has them: 404s, 413s,
        // problems, the guard's 408 and 503, the desk, the app's files.
        .layer(axum::middleware::from_fn_with_state(
            security,
            headers::add_security_headers,
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(
                |request: &axum::http::Request<axum::body::Body>| {
                    let id = request
                        .headers()
                        .get(metrics::REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!(
                        "request",
                        request_id = %id,
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                },
            ),
        )
        // Outermost: the id exists before the request's first log line.
        .layer(axum::middleware::from_fn(metrics::request_id))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = AppState::open_with(&config.storage, config.dist.clone(), Clock::System)
        .await?
        .with_quotas(config.quotas)
        .with_edge(config.edge.clone());
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            "no built app in {} (run `make dist`); serving the API only",
            config.dist.display()
        );
    }
    if let Some(warning) = calendar_warning(lifecycle::today(&state).year()) {
        tracing::warn!("{warning}");
        eprintln!("warning: {warning}");
    }
    tokio::spawn(erasure::keep_purging(state.clone(), config.retention_days));
    if let Some(addr) = config.metrics_addr {
        let metrics = TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Listen { addr, source })?;
        tracing::info!("metrics on http://{addr}/metrics");
        let router = metrics::router(metrics::Scrape {
            metrics: state.metrics.clone(),
            db: state.db.clone(),
        });
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics, router).await {
                tracing::error!("the metrics listener stopped: {e}");
            }
        });
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!("Letterbox listening on http://{local}");
    // Printed for scripts and tests that start the server on port 0.
    println!("listening on http://{local}");
    // After the signal, the requests in flight get `shutdown_grace` to
    // finish; a client still dribbling a body then is cut, not waited for.
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = stopping.clone();
    let server = axum::serve(
        listener,
        app_with_limits(state, config.limits).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!("stopping: finishing the requests in flight");
        signalled.notify_one();
    });
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(config.limits.shutdown_grace).await;
    };
    tokio::select! {
        served = server.into_future() => served.map_err(StartError::Serve),
        () = deadline => {
            tracing::warn!(
                "stopped {} s after the signal with requests still open",
                config.limits.shutdown_grace.as_secs()
            );
            Ok(())
        }
    }
}

/// What to say at start when the working-day calendar does not cover the
/// year: working-day deadlines then count weekends only.
pub fn calendar_warning(year: i32) -> Option<String> {
    (!letterbox_core::calendar::Calendar::china().covers(year)).then(|| {
        format!(
            "the working-day calendar has no holiday notice for {year}: working-day deadlines \
             count weekends only until core/calendars/cn-{year}.txt is added"
        )
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// How log lines are written: for a person, or one JSON object per line
/// for a log collector (`--log-format json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        // The request's span (its id, method and path) on every line.
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn warns_for_a_year_without_a_holiday_notice() {
        assert_eq!(super::calendar_warning(2026), None);
        let warning = super::calendar_warning(2027).unwrap();
        assert!(warning.contains("cn-2027.txt"), "{warning}");
    }
}
