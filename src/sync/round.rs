//! What one pass did, for the scheduler to decide what comes next. The
//! steps of a pass write into it as they go, so it holds even when the
//! pass ends on an error half-way. A leaf.

use std::cell::Cell;

#[derive(Default)]
pub(super) struct Round {
    progressed: Cell<bool>,
    again: Cell<bool>,
}

impl Round {
    /// Something reached the office or came from it: work may remain, so
    /// the next pass follows at once instead of waiting for the timer.
    pub fn progressed(&self) {
        self.progressed.set(true);
    }

    /// The pass cannot go on as it is (the device registers afresh): run
    /// another one right after.
    pub fn again(&self) {
        self.again.set(true);
    }

    pub fn made_progress(&self) -> bool {
        self.progressed.get()
    }

    pub fn wants_again(&self) -> bool {
        self.again.get()
    }
}
