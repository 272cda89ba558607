//! Who changes the schema (issue 13): `letterbox-server migrate` (or
//! `--migrate`) brings PostgreSQL up to date once; an instance started
//! without it refuses a database older than itself, and every instance
//! refuses one newer than itself, on both databases.

mod common;

use letterbox_server::db::{DbError, Migrations};
use letterbox_server::Db;

/// Marks the database as migrated by a future server.
async fn upgrade_by_a_newer_server(db: &Db) {
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(9_999_i64)
    .bind("from a newer server")
    .bind(true)
    .bind(vec![0_u8; 48])
    .bind(1_i64)
    .execute(&db.write)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_server_refuses_a_database_a_newer_server_has_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::test_database().await;
    let db = Db::open_at(dir.path(), url.as_deref(), Migrations::Apply)
        .await
        .unwrap();
    upgrade_by_a_newer_server(&db).await;
    db.write.close().await;
    for migrations in [Migrations::Apply, Migrations::Check] {
        let refused = Db::open_at(dir.path(), url.as_deref(), migrations).await;
        match refused {
            Err(DbError::Newer(9_999)) => {}
            other => panic!("{migrations:?}: {other:?}"),
        }
    }
    let said = DbError::Newer(9_999).to_string();
    assert!(said.contains("newer server"), "{said}");
}

#[tokio::test]
async fn without_migrate_an_instance_refuses_an_old_database_and_the_migrate_command_updates_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = common::test_database().await;
    if url.is_some() {
        match Db::open_at(&data, url.as_deref(), Migrations::Check).await {
            Err(DbError::Behind(n)) => assert!(n > 0),
            other => panic!("an empty database was accepted: {other:?}"),
        }
    }
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_letterbox-server"));
    command
        .args(["--data-dir", data.to_str().unwrap(), "migrate"])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    if let Some(url) = &url {
        command.env("DATABASE_URL", url);
    }
    let done = command.output().unwrap();
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(said.contains("up to date"), "{said}");
    // Now any number of instances start without touching the schema.
    let db = Db::open_at(&data, url.as_deref(), Migrations::Check)
        .await
        .unwrap();
    let devices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM devices")
        .fetch_one(&db.read)
        .await
        .unwrap();
    assert_eq!(devices, 0);
}
