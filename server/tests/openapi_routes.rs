//! The OpenAPI description covers the API: every route the `http` modules
//! declare is described with its methods, and everything described is a
//! route. axum's `Router` cannot list its routes, so they are read from the
//! source, `server/src/http/*.rs`: each `.route("path", methods)` call, its
//! methods from the `get(` … `.head(` calls inside it. A route whose path
//! is not a string literal, or a `route_service`/`nest` this reading cannot
//! follow, fails the test rather than slipping past it.

use std::collections::BTreeSet;
use std::path::Path;

use letterbox_server::http::openapi;

const METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];

type Operation = (String, String);

/// The source without `//` comments (no route path holds `//`).
fn code(source: &str) -> String {
    source
        .lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text between the parenthesis at `open` and its partner.
fn parenthesised(code: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &code[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses after byte {open}");
}

/// The names called in `text`: identifiers directly followed by `(`.
fn calls(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut names = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'(' {
            continue;
        }
        let mut start = i;
        while start > 0 && is_ident(bytes[start - 1]) {
            start -= 1;
        }
        if start < i {
            names.push(&text[start..i]);
        }
    }
    names
}

fn routes_in(file: &Path) -> BTreeSet<Operation> {
    let code = code(&std::fs::read_to_string(file).unwrap());
    let name = file.display();
    for unreadable in [".route_service(", ".nest(", ".nest_service("] {
        assert!(
            !code.contains(unreadable),
            "{name}: `{unreadable}` hides routes from this test; use .route(\"path\", …)"
        );
    }
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices(".route(") {
        let args = parenthesised(&code, at + ".route".len()).trim_start();
        let rest = args
            .strip_prefix('"')
            .unwrap_or_else(|| panic!("{name}: a route's path must be a string literal: {args}"));
        let end = rest.find('"').unwrap();
        let path = &rest[..end];
        let methods: Vec<&str> = calls(&rest[end..])
            .into_iter()
            .filter(|c| METHODS.contains(c))
            .collect();
        assert!(
            !methods.is_empty(),
            "{name}: no method found for the route {path}"
        );
        assert!(
            !calls(&rest[end..]).contains(&"any"),
            "{name}: {path} routes any method; describe each one"
        );
        for method in methods {
            found.insert((method.to_owned(), path.to_owned()));
        }
    }
    found
}

fn source_routes() -> BTreeSet<Operation> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut routes = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            routes.extend(routes_in(&path));
        }
    }
    routes
}

fn described() -> BTreeSet<Operation> {
    let doc: serde_json::Value = serde_json::from_str(openapi::document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if METHODS.contains(&method.as_str()) {
                ops.insert((method.clone(), path.clone()));
            }
        }
    }
    ops
}

#[test]
fn every_api_route_is_in_the_openapi_description_and_nothing_else_is() {
    let routes = source_routes();
    let described = described();
    assert!(
        routes.len() >= 20,
        "the source reading found too few routes: {routes:?}"
    );
    let missing: Vec<_> = routes.difference(&described).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI description (add #[utoipa::path] to the handler \
         and list it in http/openapi.rs): {missing:?}"
    );
    let extra: Vec<_> = described.difference(&routes).collect();
    assert!(extra.is_empty(), "described but not routed: {extra:?}");
}

#[test]
fn the_route_reader_finds_every_method_of_a_chained_route() {
    let source = r#"
        Router::new()
            // .route("/commented", get(nothing))
            .route("/a/{id}", put(whole).patch(piece).head(offset)
                .layer(DefaultBodyLimit::max(limit(1))))
            .route(
                "/b",
                get(list),
            )
    "#;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.rs");
    std::fs::write(&file, source).unwrap();
    let found: Vec<_> = routes_in(&file).into_iter().collect();
    let op = |m: &str, p: &str| (m.to_owned(), p.to_owned());
    assert_eq!(
        found,
        vec![
            op("get", "/b"),
            op("head", "/a/{id}"),
            op("patch", "/a/{id}"),
            op("put", "/a/{id}"),
        ]
    );
}

#[test]
fn device_token_routes_name_the_bearer_scheme_and_errors_are_problem_json() {
    let doc: serde_json::Value = serde_json::from_str(openapi::document()).unwrap();
    let scheme = &doc["components"]["securitySchemes"][openapi::BEARER];
    assert_eq!(scheme["scheme"], "bearer");
    let sync = &doc["paths"]["/sync"]["get"];
    assert_eq!(sync["security"][0][openapi::BEARER], serde_json::json!([]));
    let not_found = &doc["components"]["responses"]["NotFound"];
    assert!(not_found["content"]["application/problem+json"].is_object());
}
