//! The staff desk's words, from `locales/staff/*.json`: Simplified Chinese
//! by default, English when the browser prefers it or the user chooses it.
//! Which words an enum gets is `words`; this module only looks keys up.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::{header, HeaderMap};

use super::cookies::{cookie, LANG_COOKIE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const ZH: &str = include_str!("../../../locales/staff/zh-CN.json");
const EN: &str = include_str!("../../../locales/staff/en.json");

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static TABLES: OnceLock<(HashMap<String, String>, HashMap<String, String>)> = OnceLock::new();
    let (zh, en) = TABLES.get_or_init(|| {
        // Both files are checked by the tests below; a broken file would
        // show keys instead of words, never stop the server.
        (
            serde_json::from_str(ZH).unwrap_or_default(),
            serde_json::from_str(EN).unwrap_or_default(),
        )
    });
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl Lang {
    /// The user's choice (cookie), else the browser's first preference.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        match cookie(headers, LANG_COOKIE).as_deref() {
            Some("en") => return Self::En,
            Some("zh") => return Self::Zh,
            _ => {}
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accept.trim_start().to_ascii_lowercase().starts_with("en") {
            Self::En
        } else {
            Self::Zh
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }

    /// The language cookie's value for this language.
    pub fn cookie_value(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    pub fn t(self, key: &str) -> &'static str {
        match table(self).get(key) {
            Some(s) => s.as_str(),
            None => {
                tracing::warn!("missing staff text {key}");
                "?"
            }
        }
    }

    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_owned();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Bilingual data (department, category names) in this language.
    pub fn pick(self, b: &letterbox_core::catalogue::Bilingual) -> &str {
        match self {
            Self::Zh => &b.zh,
            Self::En => &b.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_placeholders() {
        let zh: HashMap<String, String> = serde_json::from_str(ZH).unwrap();
        let en: HashMap<String, String> = serde_json::from_str(EN).unwrap();
        let mut keys: Vec<_> = zh.keys().collect();
        keys.sort();
        let mut en_keys: Vec<_> = en.keys().collect();
        en_keys.sort();
        assert_eq!(keys, en_keys);
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            v.sort();
            v
        };
        for k in keys {
            assert_eq!(holes(&zh[k]), holes(&en[k]), "{k}");
        }
    }

    #[test]
    fn statuses_roles_and_actions_all_have_words() {
        use letterbox_core::lifecycle::{ActionKind, Channel, Outcome, Satisfaction};
        for lang in [Lang::Zh, Lang::En] {
            for s in letterbox_core::CaseStatus::ALL {
                assert_ne!(lang.t(&format!("status_{}", s.as_str())), "?");
            }
            for a in ActionKind::STAFF {
                assert_ne!(lang.t(&format!("action_{}", a.as_str())), "?");
            }
            for s in Satisfaction::ALL {
                assert_ne!(lang.t(&format!("satisfaction_{}", s.as_str())), "?");
            }
            for c in Channel::ALL {
                assert_ne!(lang.t(&format!("channel_{}", c.as_str())), "?");
            }
            for i in letterbox_core::lifecycle::Invalid::ALL {
                assert_ne!(lang.t(&format!("invalid_{}", i.as_str())), "?");
            }
            for o in Outcome::ALL {
                assert_ne!(lang.t(&format!("outcome_{}", o.as_str())), "?");
            }
        }
    }
}
