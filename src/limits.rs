//! The app's own timings and sizes (core's `limits` holds those the server
//! checks too). A leaf.

/// Keystrokes are saved this long after the last one: often enough that a
/// closed tab loses nothing, seldom enough not to write on every key. The
/// editor and the settings' profile both use it.
pub const AUTOSAVE_DEBOUNCE_MS: u32 = 300;
