//! How the server is reached: the origin the public uses
//! (`--public-origin`), the desk's own origin if it has one
//! (`--desk-origin`) and the proxies in front of it (`--trusted-proxy`). Set once at start; the desk's cookies and form
//! checks, the security headers and `client` read it. A leaf above
//! `client`.

use std::str::FromStr;
use std::sync::Arc;

use crate::client::TrustedProxies;

#[derive(Debug, Clone, Default)]
pub struct Edge {
    /// `None` in local development and tests: cookies are not `Secure`,
    /// there is no HSTS, and desk forms are compared with the request's
    /// `Host`.
    pub public_origin: Option<PublicOrigin>,
    /// The desk's own origin (`--desk-origin`), when it lives on a host
    /// name of its own: the desk then answers only there, and the app and
    /// the API only elsewhere, so no script of the residents' origin can
    /// reach the desk, and its cookie can be a `__Host-` one.
    pub desk_origin: Option<PublicOrigin>,
    pub proxies: Arc<TrustedProxies>,
}

impl Edge {
    /// Whether browsers reach the server over HTTPS only.
    pub fn is_https(&self) -> bool {
        self.public_origin
            .as_ref()
            .is_some_and(PublicOrigin::is_https)
    }

    /// The origin the desk's pages come from: its own, or the public one.
    pub fn desk(&self) -> Option<&PublicOrigin> {
        self.desk_origin.as_ref().or(self.public_origin.as_ref())
    }

    /// Whether the desk is reached over HTTPS only.
    pub fn desk_is_https(&self) -> bool {
        self.desk().is_some_and(PublicOrigin::is_https)
    }

    /// Whether the desk has a host of its own, over HTTPS (its cookie is
    /// then `__Host-`, for the whole host).
    pub fn desk_has_own_host(&self) -> bool {
        self.desk_origin
            .as_ref()
            .is_some_and(PublicOrigin::is_https)
    }
}

/// `https://letterbox.example.gov.cn` (scheme, host and port if any; no
/// path), as a browser writes it in `Origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

impl PublicOrigin {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// The host (and port, if any) as a `Host` header names it.
    pub fn host(&self) -> &str {
        self.0
            .split_once("://")
            .map_or(self.0.as_str(), |(_, host)| host)
    }
}

impl FromStr for PublicOrigin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let origin = s.trim().trim_end_matches('/').to_ascii_lowercase();
        let host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        match host {
            Some(h) if !h.is_empty() && !h.contains(['/', '?', '#', '@', ' ']) => Ok(Self(origin)),
            _ => Err(format!(
                "{s}: expected an origin such as https://letterbox.example.gov.cn (no path)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PublicOrigin;

    #[test]
    fn a_public_origin_is_a_scheme_and_a_host_without_a_path() {
        let o: PublicOrigin = "https://Letterbox.Example.gov.cn/".parse().unwrap();
        assert_eq!(o.as_str(), "https://letterbox.example.gov.cn");
        assert!(o.is_https());
        assert_eq!(o.host(), "letterbox.example.gov.cn");
        assert!(!"http://localhost:8080"
            .parse::<PublicOrigin>()
            .unwrap()
            .is_https());
        for bad in ["letterbox.example", "https://", "https://a/b", "ftp://a"] {
            assert!(bad.parse::<PublicOrigin>().is_err(), "{bad}");
        }
    }
}
