//! Parts of the app whose code lives in a split module (issue 12): `load`
//! is a `#[leptos::lazy]` split point that fetches the module (the first
//! time; `warm()` in the page's loader and the service worker keep it) and
//! returns the function that draws the part. Nothing is drawn until the
//! code is in; a part whose owner is gone meanwhile is not drawn at all.
//! A split module that cannot be fetched (after the retries) stops the app
//! on Leptos 0.8, so only what can wait for the network is split; while the
//! browser knows it is offline the fetch waits for the network instead of
//! giving up (`tools/build-wasm.mjs`), and a page waiting so says why.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use leptos::prelude::*;

use crate::i18n::{tr, Msg};

/// Draws `load`'s part once its code is in, handing it `arg` (what the
/// part is drawn from: signals, handles, owned values; `()` for nothing).
pub fn lazy_view<A: Clone + Send + Sync + 'static>(
    load: impl Future<Output = fn(A) -> AnyView> + 'static,
    arg: A,
) -> impl IntoView {
    lazy_parts(load, arg).0
}

/// A page drawn by `lazy_view`. Until its code is in, after a second (most
/// arrive sooner, and a line that flashes is noise) a line in its place
/// says why the page waits: on a first visit a page's code needs the
/// network once, and the page opens by itself when it returns.
pub fn lazy_page(load: impl Future<Output = fn(()) -> AnyView> + 'static) -> impl IntoView {
    let (page, loaded) = lazy_parts(load, ());
    (page, on_its_way(loaded))
}

/// The part's view, and whether its code is in. The drawing function is
/// kept beside a `bool` signal, not in a signal of its own: every signal
/// of a new value type adds its code to the wasm (issue 12), and a signal
/// of `bool` is one the main module has anyway.
fn lazy_parts<A: Clone + Send + Sync + 'static>(
    load: impl Future<Output = fn(A) -> AnyView> + 'static,
    arg: A,
) -> (impl IntoView, RwSignal<bool>) {
    let loaded = RwSignal::new(false);
    let draw = Arc::new(OnceLock::new());
    let kept = draw.clone();
    leptos::task::spawn_local(async move {
        let _ = kept.set(load.await);
        loaded.try_set(true);
    });
    let view = move || {
        loaded.track();
        draw.get().map(|draw: &fn(A) -> AnyView| draw(arg.clone()))
    };
    (view, loaded)
}

fn on_its_way(loaded: RwSignal<bool>) -> impl IntoView {
    let late = RwSignal::new(false);
    gloo_timers::callback::Timeout::new(1_000, move || {
        late.try_set(true);
    })
    .forget();
    // The status line is in the page from the start, empty, and its words
    // are added after a second: a screen reader announces a change inside
    // a live region it already knows, not always a region added with its
    // words already in. Empty, it takes no room (style/main.css); it stays,
    // empty, once the page is in.
    view! {
        <p role="status" class="lead">{move || (late.get() && !loaded.get()).then(|| tr(Msg::PageOnItsWay))}</p>
    }
}

/// Starts fetching a part's code now (a page that will draw it soon).
pub fn prefetch<T: 'static>(load: impl Future<Output = T> + 'static) {
    leptos::task::spawn_local(async move {
        load.await;
    });
}

/// A split point nested in a split module (a part of a lazy page). Its
/// name must be unique in the crate: `#[leptos::lazy]` adds a hash of the
/// file's location, the same for every nested split point here.
///
/// Built by `tools/build-wasm.mjs` (the `app` feature), it is a
/// `#[leptos::lazy]` function. The browser tests link this library without
/// the splitter, and there every split module's body is still exported, so
/// a split point called from one would be an import nothing provides and
/// the tests' wasm would not load; there the part is drawn by the same
/// code, in the one module.
macro_rules! nested_split_point {
    ($vis:vis fn $name:ident() -> $ret:ty $body:block) => {
        #[cfg(feature = "app")]
        #[leptos::lazy]
        $vis fn $name() -> $ret $body

        #[cfg(not(feature = "app"))]
        $vis async fn $name() -> $ret $body
    };
}
pub(crate) use nested_split_point;
