//! Several instances of one deployment (issue 13) read one query-code key:
//! a key file they share, never one each. The database keeps the key's
//! fingerprint and refuses an instance with another key.

mod common;

use letterbox_server::{AppState, Clock, OpenError, Storage};

fn key_file(dir: &std::path::Path, name: &str, byte: u8) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, [byte; 32]).unwrap();
    path
}

async fn open(storage: &Storage) -> Result<AppState, OpenError> {
    AppState::open_with(storage, std::path::PathBuf::from("dist"), Clock::System).await
}

#[tokio::test]
async fn instances_sharing_a_key_file_start_and_one_with_another_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shared = key_file(dir.path(), "shared.key", 7);
    let other = key_file(dir.path(), "other.key", 8);
    let url = common::test_database().await;
    let storage = |data: &str, key: &std::path::Path| Storage {
        database_url: url.clone(),
        query_key_file: Some(key.to_path_buf()),
        ..Storage::local(&dir.path().join(data))
    };
    let first = open(&storage("one", &shared)).await.unwrap();
    // On PostgreSQL the second instance has its own data directory, as on
    // another machine; on SQLite it is the same directory.
    let second_dir = if url.is_some() { "two" } else { "one" };
    let second = open(&storage(second_dir, &shared)).await.unwrap();
    assert_eq!(*first.query_key, *second.query_key);
    match open(&storage(second_dir, &other)).await {
        Err(OpenError::KeyDiffers) => {}
        other => panic!("another key was accepted: {:?}", other.err()),
    }
    let said = OpenError::KeyDiffers.to_string();
    assert!(said.contains("--query-key-file"), "{said}");
}

#[tokio::test]
async fn a_missing_key_file_stops_the_start_instead_of_making_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-mounted.key");
    let storage = Storage {
        database_url: common::test_database().await,
        query_key_file: Some(missing.clone()),
        ..Storage::local(&dir.path().join("data"))
    };
    match open(&storage).await {
        Err(OpenError::Key(e)) => assert!(e.to_string().contains("not-mounted.key"), "{e}"),
        other => panic!("started without its key: {:?}", other.err()),
    }
    assert!(!missing.exists());
}
