//! The machinery of the authorization matrix (`tests/authorization.rs`):
//! the callers, the world they call into, and one request per cell.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Method, Request};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::macros::datetime;

use super::campaign_form::{self as cf, Fields};
use super::{from_address, jpeg_image, petition, petition_id, webp_image, with_token, TestApp};

/// The callers, in the table's column order.
pub const ACTORS: [&str; 10] = [
    "no credentials",
    "device A (owner)",
    "device B",
    "follower of A's case",
    "clerk",
    "handler (case's department)",
    "handler (other department)",
    "supervisor",
    "disabled account",
    "expired session",
];

/// The signed-in desk accounts among the callers, by column; the disabled
/// and expired ones cannot sign in again.
const LIVE_STAFF: [(usize, &str); 4] = [(4, "wang"), (5, "lihua"), (6, "zhang"), (7, "boss")];

/// What a request carries besides its credentials: always what would
/// succeed for a caller who may make it.
#[derive(Debug, Clone, Copy)]
pub enum Send {
    Nothing,
    /// A new petition (a fresh id each time).
    Petition,
    /// A supplement to the case.
    Supplement,
    /// Case X's number and query code.
    Lookup,
    /// An answer to the campaign, under the id `{new}`.
    Answer,
    /// The whole declared photo the path names.
    Photo,
    /// The first piece of the declared photo the path names.
    PhotoPiece,
    /// A desk form (origin and the session's token added).
    Form(&'static str),
    /// The sign-in form of this account, with its password (anyone may
    /// try); the caller is signed in again after.
    SignIn(&'static str),
    /// The sign-out form; the caller is signed in again after.
    SignOut,
    /// The campaign editor's form, for a new campaign.
    NewCampaign,
    /// The campaign editor's form, for the campaign the path names.
    EditCampaign,
}

/// One row: a route, what it is sent, and the status each caller gets.
pub struct Row {
    pub method: &'static str,
    pub path: &'static str,
    pub send: Send,
    pub expect: [u16; 10],
}

pub const fn row(method: &'static str, path: &'static str, send: Send, expect: [u16; 10]) -> Row {
    Row {
        method,
        path,
        send,
        expect,
    }
}

enum Cred {
    None,
    Bearer(String),
    Cookie(String),
}

/// Everything the rows refer to, made once.
pub struct World {
    pub app: TestApp,
    creds: Vec<Cred>,
    fills: HashMap<&'static str, String>,
    photos: HashMap<String, (Vec<u8>, &'static str)>,
    setup: String,
    case_number: String,
    query_code: String,
    fresh: u32,
}

/// Desk accounts sign in from addresses of their own, as people at their
/// own desks do (the per-address sign-in limit is not under test here).
async fn sign_in(app: &TestApp, username: &str, ip: &str) -> String {
    let page = app.sign_in_from(ip, username, super::PASSWORD).await;
    assert_eq!(page.status.as_u16(), 303, "{username}: {}", page.text);
    let cookie = page.set_cookie.expect("a session cookie");
    cookie.split(';').next().unwrap().to_owned()
}

fn ip_of(n: usize) -> String {
    format!("10.0.{}.{}", n / 250, n % 250 + 1)
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(id: &str, bytes: &[u8], mime: &str) -> Value {
    json!({"id": id, "sha256": sha_hex(bytes), "bytes": bytes.len(), "mime": mime})
}

fn campaign_fields(slug: &str) -> Fields {
    let mut fields = cf::full_form();
    cf::set(&mut fields, "slug", slug);
    fields
}

/// Dates still ahead on answering day, for a campaign the cells change.
fn later(fields: &mut Fields) {
    cf::set(fields, "opens_at", "2026-12-10T00:00");
    cf::set(fields, "closes_at", "2026-12-20T18:00");
}

impl World {
    pub async fn new() -> Self {
        let app = TestApp::new().await;
        // Campaigns are written before they open (1 December).
        cf::published(&app).await;
        let chen = app.sign_in("chen").await;
        for (slug, publish) in [
            ("authz-draft", false),
            ("authz-open", true),
            ("authz-closed", true),
        ] {
            let mut fields = campaign_fields(slug);
            if !publish {
                later(&mut fields);
            }
            let saved = cf::post(&app, "/staff/campaigns", &chen, &fields).await;
            cf::assert_redirect(&saved, &format!("/staff/campaigns/{slug}"));
            if publish {
                let path = format!("/staff/campaigns/{slug}/publish");
                assert_eq!(app.form(&path, Some(&chen), "").await.status.as_u16(), 303);
            }
        }
        // Answering day; the expired session's last use, then 31 minutes.
        app.set_time(datetime!(2026-12-05 02:00 UTC));
        for (name, role, dept) in [
            ("wang", "clerk", None),
            ("lihua", "handler", Some("housing")),
            ("zhang", "handler", Some("utilities")),
            ("boss", "supervisor", None),
            ("gone", "supervisor", None),
            ("old", "supervisor", None),
            ("door", "clerk", None),
        ] {
            app.add_staff(name, role, dept).await;
        }
        let expired = sign_in(&app, "old", &ip_of(9)).await;
        assert_eq!(
            app.staff_get("/staff", Some(&expired))
                .await
                .status
                .as_u16(),
            200
        );
        app.set_time(datetime!(2026-12-05 02:31 UTC));
        let setup = sign_in(&app, "chen", &ip_of(20)).await;
        let mut world = Self {
            creds: Vec::new(),
            fills: HashMap::new(),
            photos: HashMap::new(),
            setup,
            case_number: String::new(),
            query_code: String::new(),
            fresh: 0,
            app,
        };
        let (a, b, follower) = (
            world.app.register().await,
            world.app.register().await,
            world.app.register().await,
        );
        world.case_x(&a).await;
        world.answers(&a).await;
        world.follow(&follower).await;
        let closed = "/staff/campaigns/authz-closed/close";
        let done = world.app.form(closed, Some(&world.setup), "").await;
        assert_eq!(done.status.as_u16(), 303, "{}", done.text);
        let mut staff = Vec::new();
        for (column, name) in LIVE_STAFF {
            staff.push(Cred::Cookie(
                sign_in(&world.app, name, &ip_of(column)).await,
            ));
        }
        let gone = sign_in(&world.app, "gone", &ip_of(8)).await;
        let desk = world.app.staff_get("/staff", Some(&gone)).await;
        assert_eq!(desk.status.as_u16(), 200, "open until disabled");
        letterbox_server::staff::accounts::disable(
            &world.app.db.write,
            "gone",
            "2026-12-05T02:31:00Z",
        )
        .await
        .unwrap();
        world.creds = [
            Cred::None,
            Cred::Bearer(a),
            Cred::Bearer(b),
            Cred::Bearer(follower),
        ]
        .into_iter()
        .chain(staff)
        .chain([Cred::Cookie(gone), Cred::Cookie(expired)])
        .collect();
        world
    }

    async fn case_x(&mut self, a: &str) {
        let (id, stored, pending) = (petition_id(), petition_id(), petition_id());
        let bytes = webp_image(3000, 1);
        let mut body = petition(&id);
        body["photos"] = json!([manifest(&stored, &bytes, "image/webp")]);
        let reply = self
            .app
            .post_json("/api/v1/petitions", Some(a), &body)
            .await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        self.case_number = reply.json["case_number"].as_str().unwrap().to_owned();
        self.photos.insert(stored.clone(), (bytes, "image/webp"));
        let path = format!("/api/v1/petitions/{id}/photos/{stored}");
        self.upload(a, &path).await;
        self.act(&id, "action=register").await;
        self.act(&id, "action=assign&departments=housing").await;
        let more = webp_image(3200, 2);
        let supplement = json!({"type": "supplement", "text": "补充材料", "photos": [manifest(&pending, &more, "image/webp")]});
        let path = format!("/api/v1/petitions/{id}/requests/{}", petition_id());
        let reply = self.app.put_json(&path, a, &supplement).await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        self.photos.insert(pending.clone(), (more, "image/webp"));
        let code =
            letterbox_server::query_code::code_for(&self.app.state.query_key, id.parse().unwrap());
        self.query_code = code;
        self.fills.insert("{id}", id);
        self.fills.insert("{photo}", stored);
        self.fills.insert("{upload}", pending);
    }

    async fn answers(&mut self, a: &str) {
        let (response, stored, pending) = (petition_id(), petition_id(), petition_id());
        let (s, p) = (jpeg_image(3000, 3), jpeg_image(3100, 4));
        let mut body = cf::answer(&response, "a", &["seats"], 4, "路口需要盲道", "");
        body["answers"][3]["value"]["photos"] = json!([
            manifest(&stored, &s, "image/jpeg"),
            manifest(&pending, &p, "image/jpeg")
        ]);
        let reply = self
            .app
            .put_json(&format!("{}/responses/{response}", cf::API), a, &body)
            .await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        self.photos.insert(stored.clone(), (s, "image/jpeg"));
        self.photos.insert(pending.clone(), (p, "image/jpeg"));
        let path = format!("{}/responses/{response}/photos/{stored}", cf::API);
        self.upload(a, &path).await;
        self.fills.insert("{slug}", cf::SLUG.to_owned());
        self.fills.insert("{response}", response);
        self.fills.insert("{answer_photo}", stored);
        self.fills.insert("{answer_upload}", pending);
        for (key, slug) in [
            ("{draft}", "authz-draft"),
            ("{open}", "authz-open"),
            ("{closed}", "authz-closed"),
        ] {
            self.fills.insert(key, slug.to_owned());
        }
    }

    /// `a` sends the whole photo `path` names.
    async fn upload(&mut self, a: &str, path: &str) {
        let body = self.body_of(Send::Photo, path, None);
        let put = self.request("PUT", path, Send::Photo, usize::MAX);
        let put = put.header(header::AUTHORIZATION, format!("Bearer {a}"));
        let reply = self.app.send(put.body(body).unwrap()).await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
    }

    async fn follow(&mut self, follower: &str) {
        let body = json!({"case_number": self.case_number, "query_code": self.query_code});
        let request = Request::post("/api/v1/cases/lookup")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {follower}"))
            .body(Body::from(body.to_string()))
            .unwrap();
        let reply = self.app.send(from_address(request, &ip_of(30))).await;
        assert_eq!(reply.status.as_u16(), 200, "{}", reply.json);
    }

    async fn act(&self, id: &str, form: &str) {
        let page = self
            .app
            .form(
                &format!("/staff/cases/{id}/actions"),
                Some(&self.setup),
                form,
            )
            .await;
        assert_eq!(page.status.as_u16(), 303, "{form}: {}", page.text);
    }

    /// A case of its own phone, at `stage`, for a cell that changes one.
    async fn fresh_case(&mut self, stage: &str) -> String {
        self.fresh += 1;
        let request = Request::post("/api/v1/devices")
            .body(Body::empty())
            .unwrap();
        let device = self
            .app
            .send(from_address(request, &ip_of(100 + self.fresh as usize)))
            .await;
        let token = device.json["token"].as_str().unwrap().to_owned();
        let id = petition_id();
        let reply = self
            .app
            .post_json("/api/v1/petitions", Some(&token), &petition(&id))
            .await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.json);
        const STEPS: [(&str, &str); 4] = [
            ("registered", "action=register"),
            ("assigned", "action=assign&departments=housing"),
            ("handling", "action=accept"),
            (
                "replied",
                "action=reply&outcome=supports&note=%E5%B7%B2%E5%8A%9E%E7%90%86",
            ),
        ];
        let reached = STEPS
            .iter()
            .position(|(s, _)| *s == stage)
            .map_or(0, |i| i + 1);
        let steps = STEPS[..reached].iter().map(|(_, form)| *form);
        for step in steps {
            self.act(&id, step).await;
        }
        id
    }

    /// A campaign of its own, in `state`, for a cell that changes one.
    async fn fresh_campaign(&mut self, state: &str) -> String {
        self.fresh += 1;
        let slug = format!("fresh-{}", self.fresh);
        let mut fields = campaign_fields(&slug);
        later(&mut fields);
        let saved = cf::post(&self.app, "/staff/campaigns", &self.setup, &fields).await;
        assert_eq!(saved.status.as_u16(), 303, "{}", saved.text);
        let steps: &[&str] = match state {
            "draft" => &[],
            "published" => &["publish"],
            _ => &["publish", "close"],
        };
        for step in steps {
            let path = format!("/staff/campaigns/{slug}/{step}");
            let page = self.app.form(&path, Some(&self.setup), "").await;
            assert_eq!(page.status.as_u16(), 303, "{step}: {}", page.text);
        }
        slug
    }

    /// The path with every `{…}` filled: the world's own things, or fresh
    /// ones made for this one cell.
    async fn fill(&mut self, template: &str) -> String {
        let mut path = template.replace("{new}", &petition_id());
        for (key, value) in &self.fills {
            path = path.replace(key, value);
        }
        for (key, what) in [
            ("{received_case}", "received"),
            ("{registered_case}", "registered"),
            ("{assigned_case}", "assigned"),
            ("{handling_case}", "handling"),
            ("{replied_case}", "replied"),
        ] {
            if path.contains(key) {
                let id = self.fresh_case(what).await;
                path = path.replace(key, &id);
            }
        }
        for (key, what) in [
            ("{fresh_draft}", "draft"),
            ("{fresh_published}", "published"),
            ("{fresh_closed}", "closed"),
        ] {
            if path.contains(key) {
                let slug = self.fresh_campaign(what).await;
                path = path.replace(key, &slug);
            }
        }
        assert!(
            !path.contains('{'),
            "a placeholder the world has not: {path}"
        );
        path
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        send: Send,
        column: usize,
    ) -> axum::http::request::Builder {
        let mut r = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::ACCEPT_LANGUAGE, "en");
        r = match send {
            Send::Nothing => r,
            Send::Petition | Send::Supplement | Send::Lookup | Send::Answer => {
                r.header(header::CONTENT_TYPE, "application/json")
            }
            Send::Photo => {
                let (bytes, mime) = self.photo_of(path);
                let digest =
                    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes));
                r.header(header::CONTENT_TYPE, *mime)
                    .header("content-digest", format!("sha-256=:{digest}:"))
            }
            Send::PhotoPiece => r
                .header(header::CONTENT_TYPE, "application/offset+octet-stream")
                .header("upload-offset", "0"),
            _ => r
                .header(header::ORIGIN, "http://localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
        };
        match self.creds.get(column) {
            Some(Cred::Bearer(t)) => r.header(header::AUTHORIZATION, format!("Bearer {t}")),
            Some(Cred::Cookie(c)) => r.header(header::COOKIE, c),
            _ => r,
        }
    }

    fn photo_of(&self, path: &str) -> &(Vec<u8>, &'static str) {
        let id = path.rsplit('/').next().unwrap();
        self.photos.get(id).expect("a photo of the world")
    }

    fn body_of(&mut self, send: Send, path: &str, cookie: Option<&str>) -> Body {
        let json = |v: Value| Body::from(v.to_string());
        let form = |fields: &str| Body::from(with_token(fields, cookie));
        match send {
            Send::Nothing => Body::empty(),
            Send::Petition => json(petition(&petition_id())),
            Send::Supplement => json(json!({"type": "supplement", "text": "补充：仍未通气"})),
            Send::Lookup => {
                json(json!({"case_number": self.case_number, "query_code": self.query_code}))
            }
            Send::Answer => {
                let id = path.rsplit('/').next().unwrap();
                json(cf::answer(id, "a", &["seats"], 4, "", ""))
            }
            Send::Photo => Body::from(self.photo_of(path).0.clone()),
            Send::PhotoPiece => Body::from(self.photo_of(path).0[..2000].to_vec()),
            Send::Form(fields) => form(fields),
            Send::SignIn(name) => form(&format!("username={name}&password=a+long+enough+password")),
            Send::SignOut => form(""),
            Send::NewCampaign => {
                self.fresh += 1;
                let mut fields = campaign_fields(&format!("new-{}", self.fresh));
                later(&mut fields);
                form(&cf::encode(&fields))
            }
            Send::EditCampaign => {
                let mut fields = campaign_fields(path.rsplit('/').next().unwrap());
                later(&mut fields);
                form(&cf::encode(&fields))
            }
        }
    }

    /// The status `column`'s caller gets for `row`.
    pub async fn call(&mut self, row: &Row, column: usize) -> u16 {
        let path = self.fill(row.path).await;
        let cookie = match &self.creds[column] {
            Cred::Cookie(c) => Some(c.clone()),
            _ => None,
        };
        let request = self.request(row.method, &path, row.send, column);
        let body = self.body_of(row.send, &path, cookie.as_deref());
        let request = from_address(request.body(body).unwrap(), &ip_of(column + 40));
        let status = self.app.send(request).await.status.as_u16();
        // Signing in (which ends the session presented) and out end a
        // session: the caller signs in again for the rows after.
        if matches!(row.send, Send::SignIn(_) | Send::SignOut) {
            if let Some((_, name)) = LIVE_STAFF.iter().find(|(c, _)| *c == column) {
                self.creds[column] =
                    Cred::Cookie(sign_in(&self.app, name, &ip_of(column + 60)).await);
            }
        }
        status
    }
}
