//! The database: the only place that writes SQL. One module per table
//! family returns named rows (`#[derive(FromRow)]`) or plain values; the
//! handlers and the desk call these functions and never see a query. Every
//! SQLite-specific word (`ON CONFLICT`, `RETURNING`, `group_concat`) stays
//! in here, so a second database plugs in at this one place.
//!
//! Ids are stored as hyphenated UUID text and times as RFC 3339 text; the
//! functions take `Uuid`s and bind their text.

pub mod audit;
pub mod campaign_events;
pub mod campaign_photos;
pub mod campaigns;
pub mod changes;
pub mod devices;
pub mod erasure;
mod errors;
pub mod followers;
pub mod my_data;
pub mod petitions;
pub mod photos;
pub mod queue;
pub mod quota;
pub mod ratings;
pub mod requests;
pub mod staff;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use errors::is_busy;

pub const DATABASE_FILE: &str = "letterbox.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory: {0}")]
    CreateDir(#[from] std::io::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// SQLite allows one writer at a time. Writes go through a pool of exactly
/// one connection, so concurrent requests queue instead of failing with
/// SQLITE_BUSY; reads use their own pool and see every committed write (WAL).
#[derive(Clone, Debug)]
pub struct Db {
    pub write: SqlitePool,
    pub read: SqlitePool,
}

impl Db {
    /// Opens (creating if missing) the database in `data_dir` and applies
    /// the migrations in `server/migrations/`.
    pub async fn open(data_dir: &Path) -> Result<Self, DbError> {
        crate::private_files::create_dir(data_dir)?;
        let file = data_dir.join(DATABASE_FILE);
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(&file)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        // The database, its journal and the photos are the server's alone.
        crate::private_files::make_private(data_dir)?;
        Ok(Self { write, read })
    }
}
