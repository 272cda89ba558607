//! The two languages of the app and how the first one is chosen. A leaf:
//! `time` and the words depend on it, it depends on nothing of the app.

/// Where the resident's choice is remembered (`localStorage`).
pub(super) const STORAGE_KEY: &str = "letterbox.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The remembered choice, else the browser's first supported language,
    /// else Chinese (the app's home audience).
    pub fn initial() -> Lang {
        let window = web_sys::window();
        let remembered = window
            .as_ref()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|t| Lang::from_tag(&t));
        remembered
            .or_else(|| {
                let languages = window?.navigator().languages();
                languages
                    .iter()
                    .filter_map(|v| v.as_string())
                    .find_map(|t| Lang::from_tag(&t))
            })
            .unwrap_or(Lang::Zh)
    }
}
