//! The Letterbox server: `/api/v1` for the residents' app, and the built app
//! itself with the cache headers an offline-first PWA needs.

pub mod assets;
pub mod auth;
pub mod catalogue;
pub mod clock;
pub mod db;
pub mod error;
pub mod http;
pub mod lifecycle;
pub mod query_code;
pub mod rate_limit;
pub mod staff;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

pub use clock::Clock;
pub use db::Db;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub dist: PathBuf,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub catalogue: Arc<catalogue::Catalogue>,
    /// Where photo files are kept: `<data-dir>/photos`.
    pub photos_dir: Arc<PathBuf>,
    pub clock: Clock,
    pub dist: Arc<PathBuf>,
    /// Key for query codes (see `query_code`).
    pub query_key: Arc<[u8; 32]>,
    /// Query-code lookups per client address.
    pub lookups: Arc<rate_limit::RateLimiter>,
    /// Staff sign-in attempts per client address.
    pub sign_ins: Arc<rate_limit::RateLimiter>,
}

impl AppState {
    /// Opens the database in `data_dir` (migrating it) and loads what the
    /// handlers need.
    pub async fn open(
        data_dir: &std::path::Path,
        dist: PathBuf,
        clock: Clock,
    ) -> Result<Self, StartError> {
        let db = Db::open(data_dir)
            .await
            .map_err(|source| StartError::Database {
                dir: data_dir.to_path_buf(),
                source,
            })?;
        let catalogue = catalogue::Catalogue::seed().map_err(StartError::Catalogue)?;
        let key = query_code::load_or_create_key(data_dir).map_err(StartError::Key)?;
        Ok(Self {
            db,
            catalogue: Arc::new(catalogue),
            photos_dir: Arc::new(data_dir.join("photos")),
            clock,
            dist: Arc::new(dist),
            query_key: Arc::new(key),
            lookups: Arc::new(rate_limit::RateLimiter::new(
                http::lookup::LOOKUPS_PER_WINDOW,
                http::lookup::LOOKUP_WINDOW_SECS,
            )),
            sign_ins: Arc::new(rate_limit::RateLimiter::new(10, 600)),
        })
    }
}

/// The whole application: API under `/api/v1`, the app everywhere else.
pub fn app(state: AppState) -> Router {
    let dist = state.dist.clone();
    Router::new()
        .nest("/api/v1", http::router())
        .merge(staff::router())
        .fallback_service(assets::service(&dist))
        .with_state(state)
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database in {dir}: {source}")]
    Database {
        dir: PathBuf,
        #[source]
        source: db::DbError,
    },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read or create the query-code key: {0}")]
    Key(#[source] std::io::Error),
    #[error("the built-in catalogue is unreadable: {0}")]
    Catalogue(#[source] serde_json::Error),
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let state = AppState::open(&config.data_dir, config.dist.clone(), Clock::System).await?;
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
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartError::Serve)
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

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
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
