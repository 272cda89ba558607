//! What every handler can reach: the database, the reference lists, the
//! clock, the query-code key, the rate limiters, the quotas and how the
//! server is reached. Opened once at start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::FromRef;

use crate::catalogue::Catalogue;
use crate::client::TrustedProxies;
use crate::clock::Clock;
use crate::db::{self, Db, DbError, Migrations};
use crate::edge::Edge;
use crate::photo_store::PhotoStore;
use crate::query_code;
use crate::quota::{QuotaLimits, Quotas};
use crate::rate_limit::RateLimiter;
use crate::sign_in_throttle::SignInThrottle;

/// Where a server keeps what it stores (issue 13).
#[derive(Clone, Debug)]
pub struct Storage {
    /// SQLite's file (when there is no database URL), the photos, and the
    /// query-code key (when there is no key file).
    pub data_dir: PathBuf,
    /// PostgreSQL, shared by every instance; `None` for SQLite.
    pub database_url: Option<String>,
    pub migrations: Migrations,
    /// The query-code key every instance reads (a mounted secret); without
    /// it, `<data_dir>/query-code.key`, made on first start.
    pub query_key_file: Option<PathBuf>,
    /// `s3://bucket/prefix` for photos every instance reaches; without it,
    /// `<data_dir>/photos`.
    pub photos: Option<String>,
}

impl Storage {
    /// One machine: SQLite and the key in `data_dir`, migrated on start.
    pub fn local(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            database_url: None,
            migrations: Migrations::Apply,
            query_key_file: None,
            photos: None,
        }
    }

    /// The database for messages: its directory, or its URL without the
    /// password.
    fn database_place(&self) -> String {
        match &self.database_url {
            None => self.data_dir.display().to_string(),
            Some(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    let _ = parsed.set_password(None);
                    parsed.to_string()
                }
                Err(_) => "the database URL".to_owned(),
            },
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub catalogue: Arc<Catalogue>,
    /// Where photo bytes are kept: `<data-dir>/photos`, or a bucket.
    pub photos: PhotoStore,
    pub clock: Clock,
    pub dist: Arc<PathBuf>,
    /// Key for query codes (see `query_code`).
    pub query_key: Arc<[u8; 32]>,
    /// Query-code lookups per client address.
    pub lookups: RateLimiter,
    /// Staff sign-in attempts and password checks.
    pub sign_ins: Arc<SignInThrottle>,
    /// The quotas in force (core's defaults, or the server's flags).
    pub quotas: Arc<Quotas>,
    /// How the server is reached (public origin, trusted proxies).
    pub edge: Arc<Edge>,
    /// This instance's request counts (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl FromRef<AppState> for Arc<TrustedProxies> {
    fn from_ref(state: &AppState) -> Self {
        state.edge.proxies.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database at {place}: {source}")]
    Database {
        place: String,
        #[source]
        source: DbError,
    },
    #[error("cannot read or create the query-code key: {0}")]
    Key(#[source] std::io::Error),
    #[error(
        "this instance's query-code key is not the one the database was used with: \
         every instance must read the same key (--query-key-file)"
    )]
    KeyDiffers,
    #[error("cannot reach the photo store: {0}")]
    Photos(#[source] crate::photo_store::StoreError),
    #[error("the built-in catalogue is unreadable: {0}")]
    Catalogue(#[source] serde_json::Error),
}

impl AppState {
    /// Opens the database in `data_dir` (migrating it) and loads what the
    /// handlers need.
    pub async fn open(data_dir: &Path, dist: PathBuf, clock: Clock) -> Result<Self, OpenError> {
        Self::open_with(&Storage::local(data_dir), dist, clock).await
    }

    /// Opens what `storage` names (issue 13) and loads what the handlers
    /// need.
    pub async fn open_with(
        storage: &Storage,
        dist: PathBuf,
        clock: Clock,
    ) -> Result<Self, OpenError> {
        let data_dir = storage.data_dir.as_path();
        let db = Db::open_at(
            data_dir,
            storage.database_url.as_deref(),
            storage.migrations,
        )
        .await
        .map_err(|source| OpenError::Database {
            place: storage.database_place(),
            source,
        })?;
        let catalogue = Catalogue::seed().map_err(OpenError::Catalogue)?;
        let photos = match &storage.photos {
            None => PhotoStore::folder(data_dir.join("photos")),
            Some(url) => PhotoStore::bucket(url).map_err(OpenError::Photos)?,
        };
        let key = match &storage.query_key_file {
            Some(file) => query_code::load_key(file),
            None => query_code::load_or_create_key(data_dir),
        }
        .map_err(OpenError::Key)?;
        // Instances with different keys would give one case two codes:
        // the database remembers the key's fingerprint (never the key).
        db::settings::agree_on_key(&db.write, &query_code::key_fingerprint(&key))
            .await
            .map_err(|e| match e {
                db::settings::KeyMismatch::Differs => OpenError::KeyDiffers,
                db::settings::KeyMismatch::Database(source) => OpenError::Database {
                    place: storage.database_place(),
                    source: source.into(),
                },
            })?;
        Ok(Self {
            db,
            catalogue: Arc::new(catalogue),
            photos,
            clock,
            dist: Arc::new(dist),
            query_key: Arc::new(key),
            lookups: RateLimiter::lookups(),
            sign_ins: Arc::new(SignInThrottle::new()),
            quotas: Arc::new(Quotas::new(QuotaLimits::default())),
            edge: Arc::new(Edge::default()),
            metrics: Arc::default(),
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
}
