//! Text formatting shared by server and browser.

/// "512 B", "4.2 KB", "12.0 MB".
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

/// Like [`human_size`], without a trailing ".0": "1.2 GB", "10 GB".
pub fn compact_size(bytes: u64) -> String {
    human_size(bytes).replace(".0 ", " ")
}

/// A badge's count: "99+" past 99.
pub fn badge_text(n: i64) -> String {
    if n > 99 {
        "99+".into()
    } else {
        n.to_string()
    }
}

/// "just now", "5m ago", "2h ago", "3d ago", then "5w ago".
pub fn relative_time(now_ms: i64, then_ms: i64) -> String {
    let secs = ((now_ms - then_ms) / 1000).max(0);
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{}m ago", secs / 60),
        3600..=86_399 => format!("{}h ago", secs / 3600),
        86_400..=2_591_999 => format!("{}d ago", secs / 86_400),
        _ => format!("{}w ago", secs / 604_800),
    }
}

/// "in 5m", "in 2h", "in 3d" (a moment ahead); "due now" once it has passed.
pub fn relative_future(now_ms: i64, at_ms: i64) -> String {
    let secs = (at_ms - now_ms) / 1000;
    match secs {
        s if s < 60 => "due now".into(),
        60..=3599 => format!("in {}m", secs / 60),
        3600..=86_399 => format!("in {}h", secs / 3600),
        _ => format!("in {}d", secs / 86_400),
    }
}

/// A moment in a recording: "0:07", "1:32", "1:02:03" (whole seconds, rounded down).
pub fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Reads a moment as a person writes it: "92", "1:32", "1:32.5", "1:02:03"; `None` when
/// it is not one (negative, a part out of range, more than a day, not numbers).
pub fn parse_clock(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 16 {
        return None;
    }
    let parts: Vec<&str> = raw.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    let (last, rest) = parts.split_last()?;
    let seconds: f64 = last
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)?;
    if !last.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if !rest.is_empty() && seconds >= 60.0 {
        return None;
    }
    let mut total = 0i64;
    for (i, p) in rest.iter().enumerate() {
        if p.is_empty() || p.len() > 2 && i > 0 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i64 = p.parse().ok()?;
        // Minutes after hours stay under 60.
        if i > 0 && n >= 60 {
            return None;
        }
        total = total * 60 + n;
    }
    let ms = total * 60_000 + (seconds * 1000.0).round() as i64;
    (ms <= 86_400_000).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments() {
        assert_eq!(clock(92_000), "1:32");
        assert_eq!(clock(7_900), "0:07");
        assert_eq!(clock(3_723_000), "1:02:03");
        assert_eq!(parse_clock("1:32"), Some(92_000));
        assert_eq!(parse_clock(" 92 "), Some(92_000));
        assert_eq!(parse_clock("1:32.5"), Some(92_500));
        assert_eq!(parse_clock("1:02:03"), Some(3_723_000));
        for bad in [
            "",
            "-1",
            "1:75",
            "a:bc",
            "1:2:3:4",
            "1e3",
            "NaN",
            "inf",
            "99999:00:00",
            ":5",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn future() {
        assert_eq!(relative_future(0, 5 * 60_000), "in 5m");
        assert_eq!(relative_future(0, 3 * 3_600_000), "in 3h");
        assert_eq!(relative_future(0, 2 * 86_400_000), "in 2d");
        assert_eq!(relative_future(10, 0), "due now");
    }

    #[test]
    fn relative() {
        let m = 60_000;
        assert_eq!(relative_time(10 * m, 10 * m - 5000), "just now");
        assert_eq!(relative_time(10 * m, 5 * m), "5m ago");
        assert_eq!(relative_time(200 * m, 200 * m - 120 * m), "2h ago");
        assert_eq!(
            relative_time(10_000 * m, 10_000 * m - 3 * 1440 * m),
            "3d ago"
        );
        assert_eq!(relative_time(0, 1000), "just now");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MB");
    }
}
