//! What the benchmarks share: percentiles, the report line, resident memory, the app's state.

#![allow(dead_code)]

use std::time::Duration;

pub fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

pub fn report(name: &str, v: Vec<Duration>) -> (Duration, Duration) {
    let (p50, p99) = (percentile(v.clone(), 0.50), percentile(v, 0.99));
    println!(
        "{name:<46} p50 {:>9.3} ms   p99 {:>9.3} ms",
        ms(p50),
        ms(p99)
    );
    (p50, p99)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// This process's resident memory, KiB.
pub fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// This process's own resident memory (heap, stacks), KiB: without the database file's
/// pages SQLite maps in, which are the system's shared file cache.
pub fn anon_kib() -> u64 {
    status_kib("RssAnon:")
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l.to_string())
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// The app's state for a benchmark: `pool`, the system clock, the project's Leptos
/// options, `config`.
pub fn state(
    pool: producer_dashboard::platform::db::DbPool,
    config: producer_dashboard::platform::Config,
) -> Result<producer_dashboard::platform::AppState, Box<dyn std::error::Error>> {
    let mut leptos_options = leptos::config::get_configuration(Some("Leptos.toml"))
        .or_else(|_| leptos::config::get_configuration(None))?
        .leptos_options;
    leptos_options.hash_files = false;
    Ok(producer_dashboard::platform::AppState {
        leptos_options,
        pool,
        clock: producer_dashboard::platform::Clock::system(),
        config: std::sync::Arc::new(config),
        hub: Default::default(),
        sync: Default::default(),
        analysis: Default::default(),
    })
}
