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

    /// The language of a tag. The page's first-paint script
    /// (`tools/postbuild.mjs`) chooses the first one, before any wasm: the resident's remembered choice (`STORAGE_KEY`), else
    /// the browser's first supported language, else Chinese (the app's
    /// home audience). It needs to know before the wasm is here, to fetch
    /// that language's strings alongside it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}
