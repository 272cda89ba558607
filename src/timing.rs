//! User Timing measures for the benchmarks: `Timing::start("autosave")`
//! … `.end()` records one measure of that name, then clears it at once, so
//! a long session keeps nothing (a PerformanceObserver still sees each).

pub struct Timing {
    performance: Option<web_sys::Performance>,
    name: &'static str,
    mark: String,
}

impl Timing {
    pub fn start(name: &'static str) -> Self {
        let performance = web_sys::window().and_then(|w| w.performance());
        let mark = format!("{name}-{}", uuid::Uuid::now_v7());
        if let Some(p) = &performance {
            let _ = p.mark(&mark);
        }
        Self {
            performance,
            name,
            mark,
        }
    }

    pub fn end(self) {
        if let Some(p) = self.performance {
            let _ = p.measure_with_start_mark(self.name, &self.mark);
            p.clear_marks_with_mark_name(&self.mark);
            p.clear_measures_with_measure_name(self.name);
        }
    }
}
