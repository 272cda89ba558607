//! Query codes: case number plus a short code lets a resident follow a case
//! from another device (Art. 18, 21). The code is an HMAC of the case id
//! under a key kept in the data directory, so no code is stored anywhere;
//! a stolen database reveals none of them. The same key makes the keyed
//! hash that stands in for a petitioner's identity when a resend is
//! compared (`identity_digest`).

use std::path::Path;

use letterbox_core::limits::{QUERY_CODE_ALPHABET, QUERY_CODE_LEN};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const KEY_FILE: &str = "query-code.key";

/// A key every instance reads from the same place (a mounted secret). It
/// must exist: making one here would give each instance its own.
pub fn load_key(file: &Path) -> std::io::Result<[u8; 32]> {
    let bytes = std::fs::read(file)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| std::io::Error::other(format!("{} is not a 32-byte key", file.display())))
}

/// What the database keeps to tell keys apart: an HMAC of a fixed text
/// under the key, from which the key cannot be recovered.
pub fn key_fingerprint(key: &[u8; 32]) -> String {
    hmac(key, b"letterbox query-code key fingerprint")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key, made on first start; readable only by the server's user.
pub fn load_or_create_key(data_dir: &Path) -> std::io::Result<[u8; 32]> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read(&path) {
        Ok(bytes) if bytes.len() == 32 => {
            let mut key = [0u8; 32];
            key.copy_from_slice(&bytes);
            Ok(key)
        }
        Ok(_) => Err(std::io::Error::other(format!(
            "{} is not a 32-byte key",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir)?;
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, key)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
            }
            std::fs::rename(&tmp, &path)?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}

/// HMAC-SHA256 (RFC 2104) with a 32-byte key.
fn hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::new()
        .chain_update(ipad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(opad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// A keyed hash of the identity sent with `petition`: a resend is compared
/// with it, so the identity itself is kept only in `petition_identities`.
/// The petition id is part of it, so two petitions of one person do not
/// share a value, and the label keeps it apart from the codes (whose
/// message is the 16-byte id alone). Fields are separated by NUL, which
/// validated text never holds.
pub fn identity_digest(
    key: &[u8; 32],
    petition: Uuid,
    name: &str,
    phone: &str,
    address: &str,
) -> String {
    let mut message = b"letterbox identity v1\0".to_vec();
    message.extend_from_slice(petition.as_bytes());
    for part in [name, phone, address] {
        message.push(0);
        message.extend_from_slice(part.as_bytes());
    }
    hmac(key, &message)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn code_for(key: &[u8; 32], petition: Uuid) -> String {
    let mac = hmac(key, petition.as_bytes());
    mac.iter()
        .take(QUERY_CODE_LEN)
        .map(|b| QUERY_CODE_ALPHABET[usize::from(*b) % QUERY_CODE_ALPHABET.len()] as char)
        .collect()
}

/// Compares in constant time, ignoring case, spaces and dashes as a
/// resident might type them.
pub fn matches(key: &[u8; 32], petition: Uuid, typed: &str) -> bool {
    let typed: Vec<u8> = typed
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'-'))
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let expected = code_for(key, petition).into_bytes();
    if typed.len() != expected.len() {
        return false;
    }
    typed
        .iter()
        .zip(&expected)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2_shape() {
        // RFC 4231 test case 1 uses a 20-byte key of 0x0b; padded with
        // zeros to 32 bytes it is the same HMAC key.
        let mut key = [0u8; 32];
        key[..20].copy_from_slice(&[0x0b; 20]);
        let mac = hmac(&key, b"Hi There");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
    }

    #[test]
    fn codes_are_short_stable_and_per_case() {
        let key = [7u8; 32];
        let a = code_for(&key, Uuid::from_u128(1));
        assert_eq!(a.len(), QUERY_CODE_LEN);
        assert!(a.bytes().all(|b| QUERY_CODE_ALPHABET.contains(&b)));
        assert_eq!(a, code_for(&key, Uuid::from_u128(1)));
        assert_ne!(a, code_for(&key, Uuid::from_u128(2)));
        assert_ne!(a, code_for(&[8u8; 32], Uuid::from_u128(1)));
        let typed = format!("{}-{}", &a[..4].to_lowercase(), &a[4..]);
        assert!(matches(&key, Uuid::from_u128(1), &typed));
        assert!(!matches(&key, Uuid::from_u128(2), &a));
        assert!(!matches(&key, Uuid::from_u128(1), &a[..7]));
    }

    #[test]
    fn identity_digests_are_per_petition_and_per_key() {
        let key = [7u8; 32];
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let one = identity_digest(&key, a, "张三", "138 0013 8000", "");
        assert_eq!(one.len(), 64);
        assert_eq!(one, identity_digest(&key, a, "张三", "138 0013 8000", ""));
        assert_ne!(one, identity_digest(&key, b, "张三", "138 0013 8000", ""));
        assert_ne!(
            one,
            identity_digest(&[8u8; 32], a, "张三", "138 0013 8000", "")
        );
        assert_ne!(one, identity_digest(&key, a, "张三1", "38 0013 8000", ""));
        assert!(!one.contains("张三"));
    }

    #[test]
    fn the_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_key(dir.path()).unwrap();
        assert_eq!(first, load_or_create_key(dir.path()).unwrap());
        std::fs::write(dir.path().join(KEY_FILE), b"short").unwrap();
        assert!(load_or_create_key(dir.path()).is_err());
    }
}
