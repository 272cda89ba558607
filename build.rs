//! Turns the translation files into a `Msg` enum, so a key missing from
//! either language, or used in code but absent from the files, fails the
//! build instead of showing a blank to a resident.

use std::collections::BTreeMap;
use std::fmt::Write;

const LANGS: [(&str, &str); 2] = [("zh", "locales/zh-CN.json"), ("en", "locales/en.json")];

fn main() {
    let mut tables: Vec<(&str, BTreeMap<String, String>)> = Vec::new();
    for (lang, path) in LANGS {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let table: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        tables.push((lang, table));
    }
    let keys: Vec<&String> = tables[0].1.keys().collect();
    for (lang, table) in &tables[1..] {
        let other: Vec<&String> = table.keys().collect();
        assert_eq!(
            keys, other,
            "locales/{lang} and locales/{} must have the same keys",
            tables[0].0
        );
    }
    for (lang, table) in &tables {
        for (key, value) in table {
            assert!(!value.trim().is_empty(), "{lang}: `{key}` is empty");
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{lang}: `{key}` must be snake_case"
            );
        }
    }

    let variant = |key: &str| -> String {
        key.split('_')
            .map(|part| {
                let mut c = part.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect()
    };
    let mut out = String::new();
    // The strings themselves are not compiled in: tools/build-wasm.mjs
    // writes each language's table (its values in key order, the order of
    // these variants) beside the wasm, and the page's loader fetches the
    // active one (issue 12: only one language in the first download).
    out.push_str("/// Every user-facing string, by key in `locales/*.json`; the variant's\n");
    out.push_str("/// position is the string's index in a language's table.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Msg {\n");
    for key in &keys {
        writeln!(out, "    {},", variant(key)).unwrap();
    }
    out.push_str("}\n\nimpl Msg {\n");
    writeln!(out, "    /// How many strings each language's table holds.").unwrap();
    writeln!(out, "    pub const COUNT: usize = {};", keys.len()).unwrap();
    out.push_str("}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(dest, out).unwrap();
}
