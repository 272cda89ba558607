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
pub mod counters;
pub mod devices;
pub mod erasure;
mod errors;
pub mod followers;
pub mod locks;
pub mod my_data;
pub mod petitions;
pub mod photos;
pub mod queue;
pub mod quota;
pub mod ratings;
pub mod requests;
pub mod settings;
pub mod staff;
pub mod writer;

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

pub use errors::is_busy;

pub const DATABASE_FILE: &str = "letterbox.sqlite3";

/// Which database the server runs on. The SQL is written once in what both
/// accept (`$N` parameters, `RETURNING`, `ON CONFLICT`); the few places
/// where they differ ask `Db::backend`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One file in the data directory: a district office on one machine.
    Sqlite,
    /// A server shared by several instances: a city (issue 13).
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory: {0}")]
    CreateDir(#[from] std::io::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the database URL must start with postgres:// or postgresql://")]
    UnknownUrl,
    #[error(
        "the database has migration {0}, which this server does not know: it was upgraded \
         by a newer server; run that version"
    )]
    Newer(i64),
    #[error(
        "the database lacks {0} migration(s) this server needs: run `letterbox-server migrate` \
         (once, from one instance) or start with --migrate"
    )]
    Behind(usize),
}

/// Whether opening the database may change its schema. SQLite is one
/// process's file and is always brought up to date. On PostgreSQL, shared
/// by several instances, the schema changes only when the operator says so
/// (`letterbox-server migrate`, or `--migrate`); an instance otherwise
/// checks that the database is exactly at its own version and refuses to
/// start if not, so an old instance never writes to a newer schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migrations {
    Apply,
    Check,
}

/// The pools the data layer runs on. On SQLite, writes go through a pool
/// of exactly one connection, so concurrent requests queue instead of
/// failing with SQLITE_BUSY, and reads use their own pool and see every
/// committed write (WAL). On PostgreSQL both are one pool: it has row locks.
#[derive(Clone, Debug)]
pub struct Db {
    pub write: AnyPool,
    pub read: AnyPool,
    pub backend: Backend,
    /// SQLite's group commit (`writer`); `None` on PostgreSQL.
    writer: Option<writer::Writer>,
}

/// Connections to PostgreSQL per instance: two instances stay well under
/// the server's default of 100.
const POSTGRES_CONNECTIONS: u32 = 16;

impl Db {
    /// Opens (creating if missing) the SQLite database in `data_dir` and
    /// applies the migrations in `server/migrations/`.
    pub async fn open(data_dir: &Path) -> Result<Self, DbError> {
        Self::open_at(data_dir, None, Migrations::Apply).await
    }

    /// Opens PostgreSQL at `database_url` when one is given, otherwise
    /// SQLite in `data_dir`, migrating or checking it as `migrations` says.
    pub async fn open_at(
        data_dir: &Path,
        database_url: Option<&str>,
        migrations: Migrations,
    ) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        match database_url {
            Some(url) => Self::open_postgres(url, migrations).await,
            None => Self::open_sqlite(data_dir).await,
        }
    }

    async fn open_postgres(url: &str, migrations: Migrations) -> Result<Self, DbError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(DbError::UnknownUrl);
        }
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(POSTGRES_CONNECTIONS)
            .connect_with(options)
            .await?;
        let migrator = sqlx::migrate!("./migrations-postgres");
        match migrations {
            // sqlx holds an advisory lock while it migrates, so two
            // instances started with --migrate at once take turns.
            Migrations::Apply => migrator.run(&pool).await.map_err(newer_or)?,
            Migrations::Check => check_version(&pool, &migrator).await?,
        }
        Ok(Self {
            write: pool.clone(),
            read: pool,
            backend: Backend::Postgres,
            writer: None,
        })
    }

    async fn open_sqlite(data_dir: &Path) -> Result<Self, DbError> {
        crate::private_files::create_dir(data_dir)?;
        let file = SqliteConnectOptions::new().filename(data_dir.join(DATABASE_FILE));
        let url =
            |options: SqliteConnectOptions| AnyConnectOptions::from_url(&options.to_url_lossy());
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_connect(|conn, _| Box::pin(sqlite_settings(conn)))
            .connect_with(url(file.clone().create_if_missing(true))?)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .map_err(newer_or)?;
        let read = AnyPoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .after_connect(|conn, _| Box::pin(sqlite_settings(conn)))
            .connect_with(url(file.read_only(true))?)
            .await?;
        // The database, its journal and the photos are the server's alone.
        crate::private_files::make_private(data_dir)?;
        Ok(Self {
            writer: Some(writer::Writer::start(write.clone())),
            write,
            read,
            backend: Backend::Sqlite,
        })
    }

    /// Runs `job` in a write transaction; on SQLite it shares its commit
    /// with the jobs that queued beside it (`writer`). `Err` from the job
    /// rolls back its own writes only.
    pub async fn transaction<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
        F: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> writer::Body<'c, T, E> + Send + 'static,
    {
        writer::transaction(&self.write, self.writer.as_ref(), job).await
    }
}

/// The Any driver takes a URL only, so the settings a URL cannot carry are
/// set on every new SQLite connection: WAL (readers never wait for the
/// writer), a full sync at each commit (a receipt means the petition is on
/// disk), keys enforced, and a wait instead of BUSY.
async fn sqlite_settings(conn: &mut sqlx::AnyConnection) -> sqlx::Result<()> {
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
    )
    .await?;
    Ok(())
}

/// A migration the database has and this server lacks means the database
/// is newer: say so in those words.
fn newer_or(e: sqlx::migrate::MigrateError) -> DbError {
    match e {
        sqlx::migrate::MigrateError::VersionMissing(version) => DbError::Newer(version),
        other => DbError::Migrate(other),
    }
}

/// The database is at exactly this server's version: every migration it
/// knows applied, none it does not know.
async fn check_version(pool: &AnyPool, migrator: &sqlx::migrate::Migrator) -> Result<(), DbError> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    let applied: Vec<i64> = if exists {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    let known: Vec<i64> = migrator.iter().map(|m| m.version).collect();
    if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
        return Err(DbError::Newer(*unknown));
    }
    let behind = known.iter().filter(|v| !applied.contains(v)).count();
    if behind > 0 {
        return Err(DbError::Behind(behind));
    }
    Ok(())
}
