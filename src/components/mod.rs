pub mod header;
pub mod sync_indicator;
