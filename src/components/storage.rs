//! The browser's storage manager: asking to keep the app's data, and how
//! much room is left.

use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Missing in some in-app browsers: check before calling.
    js_sys::Reflect::has(&navigator, &"storage".into())
        .unwrap_or(false)
        .then(|| navigator.storage())
}

/// Asks the browser not to clear the app's data under storage pressure.
/// Called when the first draft is saved; the answer is only a preference.
pub fn ask_to_persist() {
    let Some(manager) = manager() else { return };
    if let Ok(promise) = manager.persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// Usage and quota in bytes, and whether the data is kept under pressure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageReport {
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: bool,
}

pub async fn report() -> StorageReport {
    let mut report = StorageReport {
        usage: None,
        quota: None,
        persisted: false,
    };
    let Some(manager) = manager() else {
        return report;
    };
    if let Ok(promise) = manager.estimate() {
        if let Ok(estimate) = JsFuture::from(promise).await {
            let estimate: web_sys::StorageEstimate = estimate.into();
            report.usage = estimate.get_usage();
            report.quota = estimate.get_quota();
        }
    }
    if let Ok(promise) = manager.persisted() {
        report.persisted = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    }
    report
}

/// Bytes in the units people read: KB, MB, GB.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let whole = value.round() as u64;
    format!("{whole} {}", UNITS[unit])
}
