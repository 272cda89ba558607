//! The routes the server's source declares, for the authorization
//! matrix's check that it lists every one (`tests/authorization.rs`).

use std::collections::BTreeSet;
use std::path::Path;

/// `/a/{id}/b/{x}` → `/a/{}/b/{}`: routes compare by shape.
pub fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Path constants a `.route(…)` may name instead of a literal.
const CONSTANTS: [(&str, &str); 1] = [("DESK_CSS_PATH", letterbox_server::staff::DESK_CSS_PATH)];

const METHODS: [&str; 9] = [
    "get", "post", "put", "patch", "delete", "head", "options", "trace", "any",
];

/// Every `(METHOD, path shape)` the server's source routes: each
/// `.route(path, method(…).method(…))` under `server/src`, the API's
/// files (`http/`) under `/api/v1`.
pub fn routes_in_source() -> Result<BTreeSet<(String, String)>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).map_err(|e| e.to_string())?;
    if !lib.contains(".nest(\"/api/v1\", http::router())") {
        return Err("lib.rs no longer nests http::router() under /api/v1".into());
    }
    let mut files = Vec::new();
    collect_rs(&src, &mut files);
    // `metrics.rs` routes the metrics listener (`--metrics-addr`), a
    // private address apart from the app; `tests/operations.rs` checks
    // that the public address does not serve it.
    files.retain(|f| f != &src.join("metrics.rs"));
    let mut routes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        // Routes mounted any other way would escape this scan (lib.rs
        // nests the API, checked above).
        let nests = code
            .matches(".nest(")
            .count()
            .saturating_sub(usize::from(file == src.join("lib.rs")));
        let services =
            code.matches(".nest_service(").count() + code.matches(".route_service(").count();
        if nests + services > 0 {
            return Err(format!(
                "{}: a nested router or a routed service; teach this scan",
                file.display()
            ));
        }
        let prefix = if file.parent() == Some(&src.join("http")) {
            "/api/v1"
        } else {
            ""
        };
        for (path, methods) in route_calls(&code).map_err(|e| format!("{}: {e}", file.display()))? {
            for m in methods {
                routes.insert((m.to_uppercase(), shape(&format!("{prefix}{path}"))));
            }
        }
    }
    Ok(routes)
}

fn collect_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `.route(` calls in `code`: their path and method names.
fn route_calls(code: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut found = Vec::new();
    for (start, _) in code.match_indices(".route(") {
        let args_start = start + ".route(".len();
        let mut depth = 1;
        let mut end = args_start;
        for (i, c) in code[args_start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = args_start + i;
                break;
            }
        }
        let args = &code[args_start..end];
        let (first, rest) = args
            .split_once(',')
            .ok_or("a .route( without two arguments")?;
        let first = first.trim();
        let path = if let Some(lit) = first.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            lit.to_owned()
        } else {
            let name = first.rsplit("::").next().unwrap_or(first);
            let (_, value) = CONSTANTS
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| format!("route path {first}: add it to CONSTANTS"))?;
            (*value).to_owned()
        };
        let methods = method_calls(rest);
        if methods.is_empty() {
            return Err(format!("no method in .route({first}, …)"));
        }
        found.push((path, methods));
    }
    Ok(found)
}

/// `get(` `.post(` `axum::routing::get(` … in a route's method router.
fn method_calls(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for m in METHODS {
        for (i, _) in text.match_indices(&format!("{m}(")) {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            if !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                out.push(m.to_owned());
            }
        }
    }
    out
}
