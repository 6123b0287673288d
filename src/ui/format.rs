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

#[cfg(test)]
mod tests {
    use super::*;

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
