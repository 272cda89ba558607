//! A real app over a temporary SQLite file, or a fresh PostgreSQL database
//! when `LETTERBOX_TEST_DATABASE_URL` names a cluster
//! (`tools/with-postgres.sh`), driven through the Router.
#![allow(dead_code)]

pub mod authz;
pub mod binary;
pub mod campaign_form;
pub mod routes;

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use letterbox_server::{app, AppState, Clock, Db};
use serde_json::{json, Value};
use tower::ServiceExt;

/// A new, empty database on the cluster `LETTERBOX_TEST_DATABASE_URL`
/// names, one per test; `None` (SQLite) when it names none.
pub async fn test_database() -> Option<String> {
    use sqlx::Executor;
    let cluster = std::env::var("LETTERBOX_TEST_DATABASE_URL").ok()?;
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&cluster)
        .await
        .unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let base = cluster.rsplit_once('/').unwrap().0;
    Some(format!("{base}/{name}"))
}

/// A fresh prefix in the bucket `LETTERBOX_TEST_PHOTOS` names
/// (`tools/with-s3.sh`), one per test; `None` (a folder) when it names none.
pub fn test_photos() -> Option<String> {
    let bucket = std::env::var("LETTERBOX_TEST_PHOTOS").ok()?;
    Some(format!(
        "{}/t-{}",
        bucket.trim_end_matches('/'),
        uuid::Uuid::now_v7().simple()
    ))
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    /// The data directory (SQLite, the key; the photos without a bucket).
    data: std::path::PathBuf,
    pub db: Db,
    pub clock: Clock,
    /// The PostgreSQL database, when the tests run on one.
    pub database: Option<String>,
    /// The bucket's URL, when the tests run on one.
    pub photos: Option<String>,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl TestApp {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Letterbox</title>",
        )
        .unwrap();
        let clock = Clock::fixed(time::macros::datetime!(2026-11-28 09:30 UTC));
        let database = test_database().await;
        let photos = test_photos();
        let state = AppState::open_with(
            &letterbox_server::Storage {
                database_url: database.clone(),
                photos: photos.clone(),
                ..letterbox_server::Storage::local(&dir.path().join("data"))
            },
            dist,
            clock.clone(),
        )
        .await
        .unwrap();
        let db = state.db.clone();
        Self {
            data: dir.path().join("data"),
            state: state.clone(),
            router: app(state),
            db,
            clock,
            database,
            photos,
            _dir: std::sync::Arc::new(dir),
        }
    }

    /// A second server over the same database and data directory, with
    /// pools of its own: another instance behind the same load balancer.
    /// SQLite serves a district from one process (several instances need
    /// PostgreSQL), so there it is this instance again.
    pub async fn second_instance(&self) -> TestApp {
        let data = &self.data;
        let state = match self.database {
            None => self.state.clone(),
            Some(_) => self.open_again(data).await,
        };
        Self {
            router: app(state.clone()),
            db: state.db.clone(),
            state,
            data: self.data.clone(),
            clock: self.clock.clone(),
            database: self.database.clone(),
            photos: self.photos.clone(),
            _dir: self._dir.clone(),
        }
    }

    async fn open_again(&self, data: &std::path::Path) -> AppState {
        AppState::open_with(
            &letterbox_server::Storage {
                database_url: self.database.clone(),
                migrations: letterbox_server::Migrations::Check,
                photos: self.photos.clone(),
                ..letterbox_server::Storage::local(data)
            },
            self.state.dist.as_ref().clone(),
            self.clock.clone(),
        )
        .await
        .unwrap()
    }

    /// An app over a state opened elsewhere (an older database migrated).
    pub fn over(state: AppState) -> Self {
        Self {
            data: std::path::PathBuf::new(),
            router: app(state.clone()),
            db: state.db.clone(),
            clock: state.clock.clone(),
            database: None,
            photos: None,
            state,
            _dir: std::sync::Arc::new(tempfile::tempdir().unwrap()),
        }
    }

    /// The same app under other quotas.
    pub fn with_quotas(mut self, limits: letterbox_server::quota::QuotaLimits) -> Self {
        self.state = self.state.clone().with_quotas(limits);
        self.router = app(self.state.clone());
        self
    }

    /// The same app reached as `edge` says (public origin, proxies).
    pub async fn with_edge(edge: letterbox_server::edge::Edge) -> Self {
        let mut this = Self::new().await;
        this.state = this.state.clone().with_edge(edge);
        this.router = app(this.state.clone());
        this
    }

    /// The directory of the built app this server serves.
    pub fn dist(&self) -> &std::path::Path {
        &self.state.dist
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            headers,
            json,
        }
    }

    pub async fn register(&self) -> String {
        let reply = self
            .send(
                Request::post("/api/v1/devices")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED);
        reply.json["token"].as_str().unwrap().to_owned()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.post_raw(path, token, "application/json", body.to_string())
            .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: String,
    ) -> Reply {
        let mut request = Request::post(path).header(header::CONTENT_TYPE, content_type);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = Request::get(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// The bytes the photo store holds for a case's photo.
    pub async fn stored_photo(&self, petition: &str, photo: &str) -> Option<Vec<u8>> {
        let name = format!("{petition}/{photo}");
        self.state.photos.get(&name).await.unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db.read)
            .await
            .unwrap()
    }
}

/// A fresh UUIDv7, as the app makes one.
pub fn petition_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub fn petition(id: &str) -> Value {
    json!({
        "id": id,
        "kind": "complaint",
        "title": "小区燃气无法开通",
        "body": "开发商与燃气公司合同纠纷，小区至今无法通气，请协调解决。",
        "category": "utilities",
        "location": {"district": "500103", "street": "500103002", "address": "民族路 1 号"},
        "people_affected": 86,
        "identity": {"name": "张三", "phone": "138 0013 8000", "address": "渝中区民族路 1 号 3-2"},
    })
}

pub fn assert_problem(reply: &Reply, status: u16, type_uri: &str) {
    assert_eq!(reply.status.as_u16(), status, "{:?}", reply.json);
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(reply.json["status"], status);
    assert_eq!(reply.json["type"], type_uri);
    assert!(reply.json["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(reply.json["detail"].as_str().is_some_and(|t| !t.is_empty()));
}

/// `request` as if it came over a socket from `ip`.
pub fn from_address(mut request: Request<Body>, ip: &str) -> Request<Body> {
    let addr = std::net::SocketAddr::new(ip.parse().unwrap(), 40000);
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    request
}

/// The password every test account gets.
pub const PASSWORD: &str = "a long enough password";

/// A desk form post from the desk's own origin (`http://localhost`).
pub fn desk_post(path: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut request = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    request
}

/// `body` with the session's form token added, as every signed-in desk
/// form carries it.
pub fn with_token(body: &str, cookie: Option<&str>) -> String {
    let token = cookie.and_then(|c| {
        c.split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == "letterbox_staff")
            .map(|(_, v)| letterbox_server::staff::csrf_token(v))
    });
    match token {
        Some(t) if body.is_empty() => format!("csrf={t}"),
        Some(t) => format!("{body}&csrf={t}"),
        None => body.to_owned(),
    }
}

/// A staff desk page or form answer.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl TestApp {
    /// Adds a staff account straight through the accounts module (as the
    /// `staff add` command does) and signs in; returns the session cookie.
    pub async fn staff(&self, username: &str, role: &str, department: Option<&str>) -> String {
        self.add_staff(username, role, department).await;
        self.sign_in(username).await
    }

    /// Adds a staff account (password `PASSWORD`) without signing in.
    pub async fn add_staff(&self, username: &str, role: &str, department: Option<&str>) {
        letterbox_server::staff::accounts::add(
            &self.db.write,
            &self.state.catalogue,
            letterbox_server::staff::accounts::NewStaff {
                username,
                display_name: username,
                role,
                department,
                password: "a long enough password",
            },
            "2026-11-01T00:00:00Z",
        )
        .await
        .unwrap();
    }

    /// Signs in again (sessions expire when the test moves the clock).
    pub async fn sign_in(&self, username: &str) -> String {
        let page = self
            .form(
                "/staff/login",
                None,
                &format!("username={username}&password=a+long+enough+password"),
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text);
        let cookie = page.set_cookie.expect("a session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        cookie.split(';').next().unwrap().to_owned()
    }

    pub async fn send_page(&self, request: Request<Body>) -> Page {
        self.page(request).await
    }

    /// Signs in as `username` with `password` from the socket address
    /// `ip`; the answer as it is.
    pub async fn sign_in_from(&self, ip: &str, username: &str, password: &str) -> Page {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("username", username)
            .append_pair("password", password)
            .finish();
        let request = desk_post("/staff/login", None)
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(body))
            .unwrap();
        self.page(from_address(request, ip)).await
    }

    async fn page(&self, request: Request<Body>) -> Page {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let header = |name| {
            headers
                .get(name)
                .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let location = header(header::LOCATION);
        let set_cookie = header(header::SET_COOKIE);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            location,
            set_cookie,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Posts a desk form as the desk's own page does: from the desk's
    /// origin, with the session's token when signed in.
    pub async fn form(&self, path: &str, cookie: Option<&str>, body: &str) -> Page {
        let request = desk_post(path, cookie).header(header::ACCEPT_LANGUAGE, "en");
        self.page(request.body(Body::from(with_token(body, cookie))).unwrap())
            .await
    }

    pub async fn staff_get(&self, path: &str, cookie: Option<&str>) -> Page {
        let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, "en");
        if let Some(c) = cookie {
            request = request.header(header::COOKIE, c);
        }
        self.page(request.body(Body::empty()).unwrap()).await
    }

    pub async fn put_json(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.send(
            Request::put(path)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub fn set_time(&self, at: time::OffsetDateTime) {
        self.clock.set(at);
    }
}

/// A structurally valid lossy WebP of 640×480 (what the office checks),
/// `n` bytes of varying picture data after its header.
pub fn webp_image(n: usize, seed: u8) -> Vec<u8> {
    let mut vp8 = vec![0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];
    vp8.extend(640u16.to_le_bytes());
    vp8.extend(480u16.to_le_bytes());
    vp8.extend((0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    let mut body = b"WEBPVP8 ".to_vec();
    body.extend((vp8.len() as u32).to_le_bytes());
    let odd = vp8.len() % 2 == 1;
    body.extend(vp8);
    if odd {
        body.push(0);
    }
    let mut b = b"RIFF".to_vec();
    b.extend((body.len() as u32).to_le_bytes());
    b.extend(body);
    b
}

/// A structurally valid baseline JPEG of 640×480 (JFIF, frame, scan),
/// `n` bytes of varying scan data.
pub fn jpeg_image(n: usize, seed: u8) -> Vec<u8> {
    let mut b = vec![0xff, 0xd8, 0xff, 0xe0, 0, 16];
    b.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    b.extend([0xff, 0xc0, 0, 11, 8]);
    b.extend(480u16.to_be_bytes());
    b.extend(640u16.to_be_bytes());
    b.extend([1, 1, 0x11, 0]);
    b.extend([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]);
    b.extend((0..n).map(|i| (i as u8).wrapping_mul(17).wrapping_add(seed) & 0x7f));
    b.extend([0xff, 0xd9]);
    b
}
