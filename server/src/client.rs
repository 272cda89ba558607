//! Who the client is, for every per-address limit: the one place that
//! turns a request into a `ClientKey`. A leaf.
//!
//! The socket peer is the client unless it is one of the `--trusted-proxy`
//! networks; only then is the forwarding header read, from the right: the
//! rightmost hop that is not itself a trusted proxy is the client (every
//! hop left of it was written by someone we do not trust, so a client
//! cannot choose its own key by sending the header itself). IPv6 clients
//! are keyed by their /64, the block one subscriber usually holds.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// The key of a client address: `203.0.113.7`, `2001:db8:1:2::/64`, or
/// `local` when the request came without a socket (tests, in-process).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientKey(String);

impl ClientKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The client of a request whose socket peer is `peer`.
    pub fn of(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &TrustedProxies) -> Self {
        match peer.map(|p| proxies.client_ip(canonical(p), headers)) {
            Some(IpAddr::V4(v4)) => Self(v4.to_string()),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                let block = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                Self(format!("{block}/64"))
            }
            None => Self("local".to_owned()),
        }
    }
}

impl std::fmt::Display for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<S> FromRequestParts<S> for ClientKey
where
    S: Send + Sync,
    Arc<TrustedProxies>: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let proxies = Arc::<TrustedProxies>::from_ref(state);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self::of(peer, &parts.headers, &proxies))
    }
}

/// Which header the trusted proxies write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx's
    /// `$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// RFC 7239: `Forwarded: for=client, for="[2001:db8::1]:4711"`.
    Forwarded,
}

impl FromStr for ForwardedHeader {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            _ => Err(format!("{s}: expected x-forwarded-for or forwarded")),
        }
    }
}

/// The proxies whose forwarding header is believed (`--trusted-proxy`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<Network>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    pub fn new(nets: Vec<Network>, header: ForwardedHeader) -> Self {
        Self { nets, header }
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|n| n.contains(ip))
    }

    fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = match self.header {
            ForwardedHeader::XForwardedFor => list(headers, "x-forwarded-for"),
            ForwardedHeader::Forwarded => forwarded_for(&list(headers, header::FORWARDED.as_str())),
        };
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop that is no address (`unknown`, an obfuscated name, or
            // garbage) ends the walk at the last proxy we trust.
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// A network, `192.0.2.10`, `10.0.0.0/8` or `2001:db8::/32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                masked(u32::from(net).into(), self.prefix, 32)
                    == masked(u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), self.prefix, 128)
                    == masked(u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }
}

impl FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s}: expected an address or a network such as 10.0.0.0/8");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().map_err(|_| bad())?)),
            None => (s.trim(), None),
        };
        let addr = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(bad());
        }
        Ok(Self { addr, prefix })
    }
}

fn masked(bits: u128, prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        bits >> (width - prefix)
    }
}

/// An IPv4 client reached over an IPv6 socket (`::ffff:192.0.2.1`) is the
/// IPv4 client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The comma-separated items of every `name` header, in order.
fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| item.trim().to_owned())
        .collect()
}

/// The `for=` of each element of a `Forwarded` list.
fn forwarded_for(elements: &[String]) -> Vec<String> {
    elements
        .iter()
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                .map(|(_, v)| v.trim().trim_matches('"').to_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = hop.strip_prefix('[') {
        let (inner, _) = rest.split_once(']')?;
        return inner
            .parse::<Ipv6Addr>()
            .ok()
            .map(|v6| canonical(v6.into()));
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str], header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies::new(nets.iter().map(|n| n.parse().unwrap()).collect(), header)
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    fn key(peer: &str, proxies: &TrustedProxies, pairs: &[(&str, &str)]) -> String {
        ClientKey::of(Some(peer.parse().unwrap()), &headers(pairs), proxies)
            .as_str()
            .to_owned()
    }

    #[test]
    fn without_trusted_proxies_the_socket_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        assert_eq!(
            key("198.51.100.7", &none, &[("x-forwarded-for", "1.2.3.4")]),
            "198.51.100.7"
        );
        assert_eq!(
            ClientKey::of(None, &HeaderMap::new(), &none).as_str(),
            "local"
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let p = proxies(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        // The client forged the first entry; nginx appended the real one.
        let forged = [("x-forwarded-for", "6.6.6.6, 203.0.113.9")];
        assert_eq!(key("10.0.0.2", &p, &forged), "203.0.113.9");
        // Two proxies of ours in a row.
        let chain = [("x-forwarded-for", "203.0.113.9, 10.1.1.1")];
        assert_eq!(key("10.0.0.2", &p, &chain), "203.0.113.9");
        // Several header lines read as one list.
        let lines = [
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "203.0.113.9"),
        ];
        assert_eq!(key("10.0.0.2", &p, &lines), "203.0.113.9");
        // An untrusted peer's header is ignored.
        assert_eq!(key("192.0.2.1", &p, &forged), "192.0.2.1");
        // No header: the proxy itself.
        assert_eq!(key("10.0.0.2", &p, &[]), "10.0.0.2");
        // Garbage stops the walk at the last trusted hop.
        let garbage = [("x-forwarded-for", "203.0.113.9, unknown")];
        assert_eq!(key("10.0.0.2", &p, &garbage), "10.0.0.2");
    }

    #[test]
    fn the_forwarded_header_is_read_only_when_configured() {
        let p = proxies(&["127.0.0.1"], ForwardedHeader::Forwarded);
        let h = [
            (
                "forwarded",
                r#"for=6.6.6.6, for="[2001:db8:1:2:3:4:5:6]:4711";proto=https"#,
            ),
            ("x-forwarded-for", "1.2.3.4"),
        ];
        assert_eq!(key("127.0.0.1", &p, &h), "2001:db8:1:2::/64");
        let v4 = [("forwarded", "for=192.0.2.60:8080;by=127.0.0.1")];
        assert_eq!(key("127.0.0.1", &p, &v4), "192.0.2.60");
        let xff = proxies(&["127.0.0.1"], ForwardedHeader::XForwardedFor);
        assert_eq!(key("127.0.0.1", &xff, &h), "1.2.3.4");
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_block_and_mapped_ipv4_as_ipv4() {
        let none = TrustedProxies::default();
        assert_eq!(key("2001:db8:a:b:1::1", &none, &[]), "2001:db8:a:b::/64");
        assert_eq!(
            key("2001:db8:a:b:ffff::9", &none, &[]),
            key("2001:db8:a:b::1", &none, &[])
        );
        assert_eq!(key("::ffff:192.0.2.1", &none, &[]), "192.0.2.1");
    }

    #[test]
    fn networks_parse_and_match_by_prefix() {
        let net: Network = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.200.3.4".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.0.0.1".parse().unwrap()));
        let one: Network = "192.0.2.10".parse().unwrap();
        assert!(one.contains("192.0.2.10".parse().unwrap()));
        assert!(!one.contains("192.0.2.11".parse().unwrap()));
        let v6: Network = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains("2001:db8:ffff::1".parse().unwrap()));
        assert!(!v6.contains("10.0.0.1".parse().unwrap()));
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
    }
}
