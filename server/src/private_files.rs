//! Files under the data directory are the server user's alone: folders
//! 0700, files 0600. They hold residents' identities and photos, which
//! other accounts on the machine must not read (PIPL; Regulations
//! Art. 30 on keeping petitioners' details confidential). A photo is
//! written durably: to a temporary file, synced, renamed into place, and
//! the folder synced, before the database may say it is complete.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Creates `dir` and any missing parents, private.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

fn create(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

/// Writes `bytes` to `path`, private, without waiting for the disk (a
/// piece of an upload: the database does not call it complete).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path)?.write_all(bytes)
}

/// Writes `bytes` to `path` so that it survives a power cut once this
/// returns: a reader sees the old file or the whole new one, never part.
pub fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Makes the data directory and what lies directly in it private: a
/// directory made by an older version, or by hand, is corrected at start.
/// Deeper entries are behind these (a folder of 0700 cannot be entered).
pub fn make_private(data_dir: &Path) -> io::Result<()> {
    fs::set_permissions(data_dir, fs::Permissions::from_mode(0o700))?;
    for entry in fs::read_dir(data_dir)? {
        let entry = entry?;
        let mode = if entry.file_type()?.is_dir() {
            0o700
        } else {
            0o600
        };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_created_for_the_server_user_alone() {
        let root = std::env::temp_dir().join(format!("letterbox-private-{}", std::process::id()));
        let photo = root.join("photos").join("a").join("b");
        write_durably(&photo, b"bytes").unwrap();
        assert_eq!(fs::read(&photo).unwrap(), b"bytes");
        assert!(
            !photo.with_extension("tmp").exists(),
            "the temporary file was renamed"
        );
        assert_eq!(mode(&photo), 0o600);
        assert_eq!(mode(photo.parent().unwrap()), 0o700);
        let piece = root.join("photos").join("a").join("c.part");
        write_private(&piece, b"half").unwrap();
        assert_eq!(mode(&piece), 0o600);

        // An older data directory, readable by all, is corrected.
        let loose = root.join("letterbox.sqlite3");
        fs::write(&loose, b"db").unwrap();
        fs::set_permissions(&loose, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
        make_private(&root).unwrap();
        assert_eq!(mode(&root), 0o700);
        assert_eq!(mode(&loose), 0o600);
        assert_eq!(mode(&root.join("photos")), 0o700);
        fs::remove_dir_all(&root).unwrap();
    }
}
