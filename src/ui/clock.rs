//! The browser's clock for the engine's `now()`: JavaScript's `Date.now()`. The engine has no web
//! dependency (and `std::time::SystemTime::now` panics on wasm32), so the real time comes from here.

use crate::engine::Clock;

/// The real time in the browser.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_millis(&self) -> i64 {
        js_sys::Date::now() as i64
    }
}
