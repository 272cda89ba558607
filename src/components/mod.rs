//! Pieces shared by several pages, and the context types pages hand each
//! other (`notice`).

pub mod header;
pub mod lazy;
pub mod loaded;
pub mod notice;
pub mod notify;
pub mod storage;
pub mod sync_indicator;
