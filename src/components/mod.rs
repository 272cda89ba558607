pub mod header;
pub mod loaded;
pub mod notify;
pub mod storage;
pub mod sync_indicator;
pub mod timing;
