//! A message carried from one page to the next (after Send, the list of
//! cases says the petition is saved and waiting). Provided once by the app;
//! the editor sets it and the cases page shows and clears it.

use leptos::prelude::*;

use crate::i18n::Msg;

#[derive(Clone, Copy)]
pub struct Notice(pub RwSignal<Option<Msg>>);

impl Notice {
    pub fn provide() {
        provide_context(Notice(RwSignal::new(None)));
    }
}
