//! Drawing code that lives in a split module (issue 12): `load` is a
//! `#[leptos::lazy]` split point that fetches the module (the first time;
//! `warm()` in the page's loader and the service worker keep it) and returns
//! the function that draws. Nothing is drawn until the code is in; a part
//! whose owner is gone meanwhile is not drawn at all.

use std::future::Future;

use leptos::prelude::*;

/// Draws `load`'s part once its code is in, handing it `arg` (a page's
/// signals and other handles; `()` for a part that needs nothing).
pub fn lazy_view<A: Clone + Send + Sync + 'static>(
    load: impl Future<Output = fn(A) -> AnyView> + 'static,
    arg: A,
) -> impl IntoView {
    let view = RwSignal::new(None::<fn(A) -> AnyView>);
    leptos::task::spawn_local(async move {
        let draw = load.await;
        view.try_set(Some(draw));
    });
    move || view.get().map(|draw| draw(arg.clone()))
}

/// A split point nested in a split module (a part of a lazy page).
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
