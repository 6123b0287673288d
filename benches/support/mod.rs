//! What both benchmarks share: percentiles, the report line, resident memory.

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

pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}
