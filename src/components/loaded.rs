//! `loaded`: data a page reads from the phone's store, reloaded when the
//! signals it reads change.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Stores a finished load's result in its signal.
type Store = Box<dyn FnOnce()>;

/// Data a page reads from the phone's store: `None` until the first load
/// finishes, then the latest result. `load` runs again whenever a signal it
/// reads (the sync revision, a route parameter) changes; a slower, older
/// load never overwrites a newer one.
///
/// Lighter than `LocalResource` + `Suspense` for reads that take a few
/// milliseconds: the boxed future keeps one copy of the spawning code for
/// every page, which matters for the first-load size budget.
pub fn loaded<T: Send + Sync + 'static>(
    load: impl Fn() -> LocalFuture<T> + 'static,
) -> ReadSignal<Option<T>> {
    let value = RwSignal::new(None);
    reload(Box::new(move || {
        let future = load();
        Box::pin(async move {
            let result = future.await;
            Box::new(move || {
                value.try_set(Some(result));
            }) as Store
        })
    }));
    value.read_only()
}

/// The effect behind every `loaded`, written once for all of them: `load`
/// hands back what stores its result. An effect and a task per value type
/// would each add their code to the wasm again (issue 12).
fn reload(load: Box<dyn Fn() -> LocalFuture<Store>>) {
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        let future = load();
        let this = generation.get() + 1;
        generation.set(this);
        let generation = generation.clone();
        spawn_local(async move {
            let store = future.await;
            if generation.get() == this {
                store();
            }
        });
    });
}
