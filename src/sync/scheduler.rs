//! When a pass runs: on app start, on `online`/`offline`, when the page
//! becomes visible, every `TICK_MS` while open, and whenever `poke` is
//! called after a local change. One pass at a time in a tab; a pass asked
//! for during a pass runs right after it, and while passes make progress
//! they follow each other without waiting for the timer.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::pass::{count, pass};
use super::round::Round;
use super::status::SyncState;
use super::tabs;
use crate::store::{Store, StoreError};

/// While the app is open, look again this often (queued work whose retry
/// time has come, and changes made by the office).
const TICK_MS: u32 = 5_000;

/// The engine of this tab.
#[derive(Clone, Copy)]
struct Scheduler {
    /// Set by `start`; before that, `poke` does nothing.
    state: Option<SyncState>,
    /// A pass (or a run of passes) is under way.
    running: bool,
    /// A pass was asked for while one was running.
    again: bool,
}

thread_local! {
    static SCHEDULER: Cell<Scheduler> = const {
        Cell::new(Scheduler {
            state: None,
            running: false,
            again: false,
        })
    };
}

fn with_scheduler<R>(change: impl FnOnce(&mut Scheduler) -> R) -> R {
    SCHEDULER.with(|cell| {
        let mut scheduler = cell.get();
        let result = change(&mut scheduler);
        cell.set(scheduler);
        result
    })
}

/// Starts the engine for this page and shares its state with the views.
pub fn start() -> SyncState {
    let state = SyncState::new();
    provide_context(state);
    with_scheduler(|s| s.state = Some(state));
    if let Some(window) = web_sys::window() {
        EventListener::new(&window, "online", |_| poke()).forget();
        EventListener::new(&window, "offline", |_| poke()).forget();
        if let Some(document) = window.document() {
            let doc = document.clone();
            EventListener::new(&document, "visibilitychange", move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Visible {
                    poke();
                }
            })
            .forget();
        }
    }
    Interval::new(TICK_MS, move || {
        // A new day moves every deadline's "days left".
        let today = crate::time::today_in_china();
        if state.today.get_untracked() != today {
            state.today.set(today);
        }
        poke();
    })
    .forget();
    // Another tab changed the shared store: show it here too.
    tabs::on_change_elsewhere(move || state.changed());
    poke();
    state
}

/// Asks for a sync pass now. A pass already running runs once more after
/// it ends, so a change made during a pass is never left waiting.
pub fn poke() {
    let started = with_scheduler(|s| {
        let state = s.state?;
        if s.running {
            s.again = true;
            return None;
        }
        s.running = true;
        Some(state)
    });
    let Some(state) = started else {
        return;
    };
    spawn_local(async move {
        loop {
            with_scheduler(|s| s.again = false);
            let round = Rc::new(Round::default());
            let run = engine().await.pass;
            if let Err(e) = run(state, round.clone()).await {
                web_sys::console::warn_1(&format!("sync pass: {e}").into());
            }
            if round.made_progress() {
                // Keep going while things land; a short pause lets the page breathe.
                gloo_timers::future::TimeoutFuture::new(200).await;
                continue;
            }
            let again = round.wants_again();
            // Deciding to stop and saying so happen together: no `poke`
            // can fall in between.
            if !with_scheduler(|s| {
                let go_on = again || s.again;
                s.running = go_on;
                go_on
            }) {
                break;
            }
        }
    });
}

type PassFn = fn(SyncState, Rc<Round>) -> Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;
type CountFn = fn(SyncState) -> Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// The engine's code: a pass, and the count of what waits.
#[derive(Clone, Copy)]
struct Engine {
    pass: PassFn,
    count: CountFn,
}

fn engine_fns() -> Engine {
    Engine {
        pass: |state, round| Box::pin(locked_pass(state, round)),
        count: |state| {
            Box::pin(async move {
                let store = Store::app().await?;
                count(&store, state).await
            })
        },
    }
}

/// The engine, with everything it sends, pulls and decodes, is a separate
/// wasm file (a split point, see `tools/build-wasm.mjs`): the first screen
/// does not wait for it. It is fetched by the first `poke`, and a phone
/// that has it (the service worker precaches it) never waits again.
#[cfg(feature = "app")]
#[leptos::lazy]
fn engine() -> Engine {
    engine_fns()
}

/// In the browser tests' build (no `app` feature, no splitter) the engine
/// is ordinary code.
#[cfg(not(feature = "app"))]
async fn engine() -> Engine {
    engine_fns()
}

/// Counts again what waits and what the office updated (the header's
/// badge), without a pass: after the resident opened a case, say.
pub fn recount() {
    let Some(state) = with_scheduler(|s| s.state) else {
        return;
    };
    spawn_local(async move {
        if let Err(e) = (engine().await.count)(state).await {
            web_sys::console::warn_1(&format!("sync count: {e}").into());
        }
    });
}

/// Counts what waits (every tab shows it), then runs the pass if no other
/// tab is running one.
async fn locked_pass(state: SyncState, round: Rc<Round>) -> Result<(), StoreError> {
    let store = Store::app().await?;
    count(&store, state).await?;
    tabs::with_sync_lock(async move { pass(state, &round).await })
        .await
        .unwrap_or(Ok(()))
}
