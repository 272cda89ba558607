//! What every handler can reach: the database, the reference lists, the
//! clock, the query-code key, the rate limiters, the quotas and how the
//! server is reached. Opened once at start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::FromRef;
use uuid::Uuid;

use crate::catalogue::Catalogue;
use crate::client::TrustedProxies;
use crate::clock::Clock;
use crate::db::{Db, DbError, Migrations};
use crate::edge::Edge;
use crate::query_code;
use crate::quota::{QuotaLimits, Quotas};
use crate::rate_limit::{self, RateLimiter};
use crate::sign_in_throttle::SignInThrottle;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub catalogue: Arc<Catalogue>,
    /// Where photo files are kept: `<data-dir>/photos`.
    pub photos_dir: Arc<PathBuf>,
    pub clock: Clock,
    pub dist: Arc<PathBuf>,
    /// Key for query codes (see `query_code`).
    pub query_key: Arc<[u8; 32]>,
    /// Query-code lookups per client address.
    pub lookups: Arc<RateLimiter>,
    /// Staff sign-in attempts and password checks.
    pub sign_ins: Arc<SignInThrottle>,
    /// The quotas in force (core's defaults, or the server's flags).
    pub quotas: Arc<Quotas>,
    /// How the server is reached (public origin, trusted proxies).
    pub edge: Arc<Edge>,
}

impl FromRef<AppState> for Arc<TrustedProxies> {
    fn from_ref(state: &AppState) -> Self {
        state.edge.proxies.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database in {dir}: {source}")]
    Database {
        dir: PathBuf,
        #[source]
        source: DbError,
    },
    #[error("cannot read or create the query-code key: {0}")]
    Key(#[source] std::io::Error),
    #[error("the built-in catalogue is unreadable: {0}")]
    Catalogue(#[source] serde_json::Error),
}

impl AppState {
    /// Opens the database in `data_dir` (migrating it) and loads what the
    /// handlers need.
    pub async fn open(data_dir: &Path, dist: PathBuf, clock: Clock) -> Result<Self, OpenError> {
        Self::open_with(data_dir, None, Migrations::Apply, dist, clock).await
    }

    /// Like `open`, with the cases in PostgreSQL at `database_url` when one
    /// is given (issue 13); the data directory still holds the photos and
    /// the query-code key.
    pub async fn open_with(
        data_dir: &Path,
        database_url: Option<&str>,
        migrations: Migrations,
        dist: PathBuf,
        clock: Clock,
    ) -> Result<Self, OpenError> {
        let db = Db::open_at(data_dir, database_url, migrations)
            .await
            .map_err(|source| OpenError::Database {
                dir: data_dir.to_path_buf(),
                source,
            })?;
        let catalogue = Catalogue::seed().map_err(OpenError::Catalogue)?;
        let key = query_code::load_or_create_key(data_dir).map_err(OpenError::Key)?;
        Ok(Self {
            db,
            catalogue: Arc::new(catalogue),
            photos_dir: Arc::new(data_dir.join("photos")),
            clock,
            dist: Arc::new(dist),
            query_key: Arc::new(key),
            lookups: Arc::new(RateLimiter::new(
                rate_limit::LOOKUPS_PER_WINDOW,
                rate_limit::LOOKUP_WINDOW_SECS,
            )),
            sign_ins: Arc::new(SignInThrottle::new()),
            quotas: Arc::new(Quotas::new(QuotaLimits::default())),
            edge: Arc::new(Edge::default()),
        })
    }

    /// The same state under other quotas (the server's flags; tests).
    pub fn with_quotas(mut self, limits: QuotaLimits) -> Self {
        self.quotas = Arc::new(Quotas::new(limits));
        self
    }

    /// The same state, reached as `edge` says (set once at start).
    pub fn with_edge(mut self, edge: Edge) -> Self {
        self.edge = Arc::new(edge);
        self
    }

    /// Where a photo's bytes are kept once whole.
    pub fn photo_path(&self, petition: Uuid, photo: Uuid) -> PathBuf {
        self.photos_dir
            .join(petition.to_string())
            .join(photo.to_string())
    }

    /// Where a photo on a campaign answer is kept (photo ids are made
    /// unique on the phone, so one folder holds them all).
    pub fn answer_photo_path(&self, photo: Uuid) -> PathBuf {
        self.photos_dir.join("answers").join(photo.to_string())
    }
}
