//! Who may call what (issue 11, "checks that stay"): every route of the
//! API and the desk × every kind of caller → the status it gets, as one
//! table. A route the server has and the table lacks fails the test, and
//! so does a row for a route the server does not have.
//!
//! Each request carries what would succeed for a caller who may make it,
//! so a 2xx/303 means "allowed" and 401/403/404 means "refused":
//! - API routes that need a device answer 401 without a valid bearer
//!   token; a staff cookie is no credential there.
//! - Another device's case (and a case the device only follows) is 404, not
//!   403: the API never says that a case it will not show exists
//!   (`http/petitions.rs`, `http/follow_ups.rs`, `http/uploads.rs`). A
//!   follower reads the case through its feed and the lookup, and may not
//!   act on it.
//! - Desk pages send a caller without a live session to the sign-in form
//!   (303); desk forms answer 401. A disabled account's sessions ended
//!   when it was disabled; an expired session is no session.
//! - A handler opening another department's case gets 403 (the desk's
//!   design, `staff/access.rs`: case ids are random, and the desk tells
//!   the handler why it is refused).
//! - Role rules are core's (`core/src/lifecycle/`, `core/src/campaign/`):
//!   clerks register and assign, handlers accept and reply for their
//!   department, only supervisors extend, see the report and manage
//!   campaigns; every staff member reads campaigns.
//!
//! Placeholders: `{id}` is case X (registered, assigned to housing, sent
//! by device A, followed by the follower); `{photo}` its photo held whole,
//! `{upload}` a photo of its supplement still to come; `{new}` a fresh id
//! per request; `{slug}` the open campaign A answered (`{response}`),
//! with `{answer_photo}` held and `{answer_upload}` to come; `{open}`
//! another open campaign, `{closed}` a closed one with public results,
//! `{draft}` a draft. Cells that change what they act on get their own:
//! `{received_case}`, `{registered_case}`, `{assigned_case}`,
//! `{handling_case}`, `{replied_case}` (sent by a phone of their own),
//! `{fresh_draft}`, `{fresh_published}`, `{fresh_closed}`.

mod common;

use common::authz::{row, Row, Send, World, ACTORS};
use common::routes::{routes_in_source, shape};
use letterbox_server::staff::DESK_CSS_PATH;
use Send::*;

const GET: &str = "GET";
const POST: &str = "POST";
const PUT: &str = "PUT";
const PATCH: &str = "PATCH";
const HEAD: &str = "HEAD";
const DELETE: &str = "DELETE";

/// The matrix. Columns, in order:
///  none   A      B      follower  clerk  handler  other-dept  supervisor  disabled  expired
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // The API: open to anyone.
    row(GET,  "/api/v1/health",                   Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/health/live",              Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/health/ready",             Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/openapi.json",             Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/categories",               Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/areas",                    Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(POST, "/api/v1/devices",                  Nothing, [201, 201, 201, 201, 201, 201, 201, 201, 201, 201]),
    row(POST, "/api/v1/cases/lookup",             Lookup,  [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/campaigns",                Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/campaigns/{slug}",         Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/api/v1/campaigns/{closed}/results", Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    // The API: any device.
    row(POST, "/api/v1/petitions",                Petition, [401, 201, 201, 201, 401, 401, 401, 401, 401, 401]),
    row(GET,  "/api/v1/sync",                     Nothing,  [401, 200, 200, 200, 401, 401, 401, 401, 401, 401]),
    row(PUT,  "/api/v1/campaigns/{open}/responses/{new}", Answer, [401, 201, 201, 201, 401, 401, 401, 401, 401, 401]),
    // The API: the device that sent the case or the answer, and no other.
    row(GET,  "/api/v1/petitions/{id}",           Nothing,    [401, 200, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(PUT,  "/api/v1/petitions/{id}/requests/{new}", Supplement, [401, 201, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(PUT,  "/api/v1/petitions/{id}/photos/{upload}", Photo, [401, 201, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(PATCH, "/api/v1/petitions/{id}/photos/{upload}", PhotoPiece, [401, 200, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(HEAD, "/api/v1/petitions/{id}/photos/{upload}", Nothing, [401, 200, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(PUT,  "/api/v1/campaigns/{slug}/responses/{response}/photos/{answer_upload}", Photo,
                                                  [401, 201, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(PATCH, "/api/v1/campaigns/{slug}/responses/{response}/photos/{answer_upload}", PhotoPiece,
                                                  [401, 200, 404, 404, 401, 401, 401, 401, 401, 401]),
    row(HEAD, "/api/v1/campaigns/{slug}/responses/{response}/photos/{answer_upload}", Nothing,
                                                  [401, 200, 404, 404, 401, 401, 401, 401, 401, 401]),
    // Public pages.
    row(GET,  "/c/{slug}",                        Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  DESK_CSS_PATH,                      Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(GET,  "/staff/login",                     Nothing, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    row(POST, "/staff/login",                     SignIn("door"), [303, 303, 303, 303, 303, 303, 303, 303, 303, 303]),
    // The disabled account's own name and password open nothing.
    row(POST, "/staff/login",                     SignIn("gone"), [401, 401, 401, 401, 401, 401, 401, 401, 401, 401]),
    row(POST, "/staff/lang",                      Form("to=en"), [303, 303, 303, 303, 303, 303, 303, 303, 303, 303]),
    // The desk: every staff member.
    //  none   A      B      follower  clerk  handler  other-dept  supervisor  disabled  expired
    row(POST, "/staff/logout",                    SignOut, [401, 401, 401, 401, 303, 303, 303, 303, 401, 401]),
    row(GET,  "/staff",                           Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns",                 Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{slug}",          Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{slug}/poster.svg", Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{slug}/results",  Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{slug}/responses.csv", Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{slug}/photos/{answer_photo}", Nothing, [303, 303, 303, 303, 200, 200, 200, 200, 303, 303]),
    // The desk: cases, by role and department.
    row(GET,  "/staff/cases/{id}",                Nothing, [303, 303, 303, 303, 200, 200, 403, 200, 303, 303]),
    row(GET,  "/staff/cases/{id}/photos/{photo}", Nothing, [303, 303, 303, 303, 200, 200, 403, 200, 303, 303]),
    row(POST, "/staff/cases/{received_case}/actions", Form("action=register"),
                                                  [401, 401, 401, 401, 303, 403, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{registered_case}/actions", Form("action=assign&departments=housing"),
                                                  [401, 401, 401, 401, 303, 403, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{assigned_case}/actions", Form("action=transfer&departments=utilities"),
                                                  [401, 401, 401, 401, 303, 303, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{assigned_case}/actions", Form("action=accept"),
                                                  [401, 401, 401, 401, 403, 303, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{handling_case}/actions", Form("action=reply&outcome=supports&note=%E5%B7%B2%E5%8A%9E%E7%90%86"),
                                                  [401, 401, 401, 401, 403, 303, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{handling_case}/actions", Form("action=extend&days=10&note=%E7%8E%B0%E5%9C%BA%E5%8B%98%E6%9F%A5"),
                                                  [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    row(POST, "/staff/cases/{replied_case}/actions", Form("action=close"),
                                                  [401, 401, 401, 401, 303, 403, 403, 303, 401, 401]),
    // The desk: supervisors only.
    //  none   A      B      follower  clerk  handler  other-dept  supervisor  disabled  expired
    row(GET,  "/staff/report",                    Nothing, [303, 303, 303, 303, 403, 403, 403, 200, 303, 303]),
    row(GET,  "/staff/campaigns/new",             Nothing, [303, 303, 303, 303, 403, 403, 403, 200, 303, 303]),
    row(GET,  "/staff/campaigns/{draft}/edit",    Nothing, [303, 303, 303, 303, 403, 403, 403, 200, 303, 303]),
    row(POST, "/staff/campaigns",                 NewCampaign, [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    row(POST, "/staff/campaigns/{draft}",         EditCampaign, [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    row(POST, "/staff/campaigns/{fresh_draft}/publish", Form(""), [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    row(POST, "/staff/campaigns/{fresh_published}/close", Form(""), [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    row(POST, "/staff/campaigns/{fresh_closed}/answer", Form("answer_zh=%E6%84%9F%E8%B0%A2%E5%8F%82%E4%B8%8E&answer_en=Thank+you"),
                                                  [401, 401, 401, 401, 403, 403, 403, 303, 401, 401]),
    // A resident's own data (Art. 30, PIPL): each phone reaches only its
    // own; no desk account is a phone. Forgetting a phone ends its token,
    // so that row comes last: every phone forgets itself once.
    row(GET,  "/api/v1/devices/me/data",          Nothing, [401, 200, 200, 200, 401, 401, 401, 401, 401, 401]),
    row(DELETE, "/api/v1/devices/me",             Nothing, [401, 200, 200, 200, 401, 401, 401, 401, 401, 401]),
];

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_the_matrix_says() {
    let mut world = World::new().await;
    let mut wrong = Vec::new();
    for r in MATRIX {
        for (column, who) in ACTORS.iter().enumerate() {
            let got = world.call(r, column).await;
            if got != r.expect[column] {
                wrong.push(format!(
                    "{} {} × {who}: expected {}, got {got}",
                    r.method, r.path, r.expect[column]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cells differ from the matrix:\n{}",
        wrong.len(),
        MATRIX.len() * ACTORS.len(),
        wrong.join("\n")
    );
}

#[tokio::test]
async fn every_route_the_server_has_is_in_the_matrix() {
    let server = routes_in_source().unwrap();
    let table: std::collections::BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|r| (r.method.to_owned(), shape(r.path)))
        .collect();
    let missing: Vec<_> = server.difference(&table).collect();
    let extra: Vec<_> = table.difference(&server).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "routes the matrix lacks: {missing:?}\nrows for routes the server lacks: {extra:?}"
    );
    assert!(server.len() > 30, "the scan found the routes: {server:?}");
}
