//! The Letterbox server: `/api/v1` for the residents' app, and the built app
//! itself with the cache headers an offline-first PWA needs.

pub mod assets;
pub mod auth;
pub mod catalogue;
pub mod clock;
pub mod db;
pub mod error;
pub mod http;

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
}

/// The whole application: API under `/api/v1`, the app everywhere else.
pub fn app(state: AppState) -> Router {
    let dist = state.dist.clone();
    Router::new()
        .nest("/api/v1", http::router())
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
    #[error("the built-in catalogue is unreadable: {0}")]
    Catalogue(#[source] serde_json::Error),
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

pub async fn run(config: Config) -> Result<(), StartError> {
    let db = Db::open(&config.data_dir)
        .await
        .map_err(|source| StartError::Database {
            dir: config.data_dir.clone(),
            source,
        })?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(
            "no built app in {} (run `make dist`); serving the API only",
            config.dist.display()
        );
    }
    let catalogue = catalogue::Catalogue::seed().map_err(StartError::Catalogue)?;
    let state = AppState {
        db,
        catalogue: Arc::new(catalogue),
        photos_dir: Arc::new(config.data_dir.join("photos")),
        clock: Clock::System,
        dist: Arc::new(config.dist.clone()),
    };
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
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)
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
