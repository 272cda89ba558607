//! Where photo bytes are kept (issue 13): a folder in the data directory
//! for one machine, or an S3-compatible bucket that every instance shares
//! (`--photos s3://bucket/prefix`; endpoint, region and credentials from
//! the usual `AWS_*` variables). Both hold the same names: a petition's
//! photo at `<petition>/<photo>`, a campaign answer's at `answers/<photo>`,
//! and the pieces of an upload in progress beside it (`.part`), so a piece
//! may reach any instance. The database says which photos are complete;
//! the store is written first (`http/uploads.rs`).
//!
//! A leaf: it knows bytes and names, not cases.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use uuid::Uuid;

use crate::private_files;

/// The name of a petition's (or supplement's) photo.
pub fn case_photo(petition: Uuid, photo: Uuid) -> String {
    format!("{petition}/{photo}")
}

/// The name of a campaign answer's photo (photo ids are made unique on the
/// phone, so one folder holds them all).
pub fn answer_photo(photo: Uuid) -> String {
    format!("answers/{photo}")
}

/// The pieces received so far of the photo named `name`.
pub fn partial(name: &str) -> String {
    format!("{name}.part")
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Bucket(#[from] object_store::Error),
    #[error("--photos must be s3://bucket or s3://bucket/prefix")]
    NotS3,
}

#[derive(Clone, Debug)]
pub enum PhotoStore {
    /// `<data-dir>/photos`, private to the server's user, fsynced.
    Folder(Arc<PathBuf>),
    Bucket {
        store: Arc<AmazonS3>,
        prefix: ObjectPath,
    },
}

impl PhotoStore {
    pub fn folder(dir: PathBuf) -> Self {
        Self::Folder(Arc::new(dir))
    }

    /// The bucket `url` names (`s3://bucket/prefix`), reached as the
    /// environment says.
    pub fn bucket(url: &str) -> Result<Self, StoreError> {
        let rest = url.strip_prefix("s3://").ok_or(StoreError::NotS3)?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(StoreError::NotS3);
        }
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()?;
        Ok(Self::Bucket {
            store: Arc::new(store),
            prefix: ObjectPath::from(prefix.trim_matches('/')),
        })
    }

    fn file(dir: &Path, name: &str) -> PathBuf {
        dir.join(name)
    }

    fn object(prefix: &ObjectPath, name: &str) -> ObjectPath {
        name.split('/')
            .fold(prefix.clone(), |path, part| path.child(part))
    }

    /// Stores a whole photo; once this returns, it survives a crash.
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        match self {
            Self::Folder(dir) => {
                let path = Self::file(dir, name);
                blocking(move || private_files::write_durably(&path, &bytes)).await
            }
            Self::Bucket { store, prefix } => {
                store
                    .put(&Self::object(prefix, name), PutPayload::from(bytes))
                    .await?;
                Ok(())
            }
        }
    }

    /// Stores the pieces received so far (rewritten whole at each piece:
    /// a photo is at most 600 KB).
    pub async fn put_partial(&self, name: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        let name = partial(name);
        match self {
            Self::Folder(dir) => {
                let path = Self::file(dir, &name);
                blocking(move || private_files::write_private(&path, &bytes)).await
            }
            Self::Bucket { .. } => self.put(&name, bytes).await,
        }
    }

    /// The bytes stored under `name`; `None` if there are none.
    pub async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Self::Folder(dir) => match tokio::fs::read(Self::file(dir, name)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
            Self::Bucket { store, prefix } => match store.get(&Self::object(prefix, name)).await {
                Ok(got) => Ok(Some(got.bytes().await?.to_vec())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            },
        }
    }

    /// Removes what is stored under `name`; nothing there is not an error.
    pub async fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self {
            Self::Folder(dir) => match tokio::fs::remove_file(Self::file(dir, name)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            Self::Bucket { store, prefix } => {
                match store.delete(&Self::object(prefix, name)).await {
                    Err(e) if !matches!(e, object_store::Error::NotFound { .. }) => Err(e.into()),
                    _ => Ok(()),
                }
            }
        }
    }

    /// Removes every photo and piece of one case.
    pub async fn delete_case(&self, petition: &str) -> Result<(), StoreError> {
        match self {
            Self::Folder(dir) => match tokio::fs::remove_dir_all(Self::file(dir, petition)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            Self::Bucket { store, prefix } => {
                let folder = Self::object(prefix, petition);
                let names: Vec<ObjectPath> = store
                    .list(Some(&folder))
                    .map_ok(|meta| meta.location)
                    .try_collect()
                    .await?;
                for name in names {
                    store.delete(&name).await?;
                }
                Ok(())
            }
        }
    }

    /// Whether the store answers (`/health/ready`): the folder exists, or
    /// the bucket answers a question about a name in it.
    pub async fn check(&self) -> Result<(), StoreError> {
        match self {
            Self::Folder(dir) => {
                let meta = tokio::fs::metadata(dir.as_path()).await;
                match meta {
                    // Made with the first photo: a new server is ready.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    other => other.map(|_| ()).map_err(Into::into),
                }
            }
            Self::Bucket { store, prefix } => {
                match store.head(&Self::object(prefix, "ready-check")).await {
                    Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(e.into()),
                }
            }
        }
    }

    /// For logs: the folder, or the bucket's URL.
    pub fn describe(&self) -> String {
        match self {
            Self::Folder(dir) => dir.display().to_string(),
            Self::Bucket { store, prefix } => format!("{store} {prefix}"),
        }
    }
}

async fn blocking(
    work: impl FnOnce() -> std::io::Result<()> + Send + 'static,
) -> Result<(), StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
        .map_err(Into::into)
}
