pub mod header;
pub mod loaded;
pub mod sync_indicator;
