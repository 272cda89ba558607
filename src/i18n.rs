//! Simplified Chinese and English. The strings live in `locales/*.json`;
//! the build turns them into `Msg` so a missing translation cannot ship.

use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

const STORAGE_KEY: &str = "letterbox.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
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

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

/// The current language, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The message in the current language; reactive inside a view.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// The message with `{name}` placeholders filled in.
    pub fn tf(self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(msg.text(self.lang.get()), args)
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(Lang::initial()),
    };
    // Screen readers pick their voice from the document's language.
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(Msg::AppName.text(lang));
        }
    });
    provide_context(i18n);
    i18n
}

/// The message in the current language, as a view child or an attribute
/// value. Every use shares this one closure type, so the reactive rendering
/// code is compiled once instead of once per string (it keeps the wasm small).
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(msg)
}

/// A value put into a `{name}` placeholder, formatted in the current language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(u64),
    /// Milliseconds since the epoch (the browser clock).
    TimeMs(f64),
    /// An RFC 3339 timestamp from the server.
    Time(String),
}

/// Like `tr`, with placeholders filled in; one closure type for every use.
pub fn trf(
    msg: Msg,
    args: Vec<(&'static str, Arg)>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang.get();
        let values: Vec<(&str, String)> = args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(t) => t.clone(),
                    Arg::Number(n) => n.to_string(),
                    Arg::TimeMs(ms) => crate::time::format_ms(*ms, lang),
                    Arg::Time(s) => crate::time::format_rfc3339(s, lang),
                };
                (*name, value)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        fill(msg.text(lang), &borrowed)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
