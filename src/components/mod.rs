pub mod header;
pub mod loaded;
pub mod storage;
pub mod sync_indicator;
pub mod timing;
