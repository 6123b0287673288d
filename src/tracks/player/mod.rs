//! The player on a track's page: one per audio file, with its versions. Rendered on the
//! server, whole: the waveform is an SVG drawn from the stored peaks, the playhead a
//! clip over it, comments at a moment are markers on it, and a cued moment
//! (`?file=12&t=92`) shows as the position already. Its `<audio>` element plays the
//! file's own bytes from `/media/files/{id}` (ranges: seeking does not fetch the whole
//! file). Without JavaScript the browser's own controls play it.
//!
//! What it does when used is a chunk of its own (`browser.rs`), fetched when a page has a
//! player: play and pause, seeking by click, drag or keys on the waveform (a slider),
//! versions switched keeping the playhead, "Comment at 1:32", markers and "1:32" links
//! that seek, one player playing at a time (across tabs too).
//!
//! Markup the behaviour reads:
//! - `[data-player]`: a player; inside, `audio`, `[data-play]`, `[data-seek-bar]` (the
//!   slider of the version shown), `[data-now]`, `[data-total]`, `[data-version=ID]`
//!   buttons, `[data-wave=ID]` (a version's waveform), `[data-comment-at]`,
//!   `[data-cannot-play]`, `[data-download]`.
//! - `[data-seek=MS][data-file=ID]`: seeks the player of file ID there and plays.

use super::{Comment, FileInfo, Sound};
use crate::ui::format::clock;
use leptos::prelude::*;

/// How many bars a waveform is drawn with (its SVG stays under 4 KB).
pub const BARS: usize = 480;
/// The height of a waveform's drawing (its own units; the stylesheet sizes it).
const HEIGHT: i32 = 64;

/// The waveform's SVG path: one vertical bar per column, from min to max (at least one
/// unit tall, so silence shows as a line). Relative moves keep it short.
pub fn wave_path(peaks: &[(i8, i8)], bars: usize) -> String {
    let n = peaks.len();
    if n == 0 {
        return String::new();
    }
    let bars = bars.min(n).max(1);
    let mid = HEIGHT / 2;
    let y = |v: i8| mid - (i32::from(v) * (mid - 1)) / 127;
    let mut path = String::with_capacity(bars * 9);
    let mut last_bottom = 0;
    for i in 0..bars {
        let (from, to) = (i * n / bars, ((i + 1) * n / bars).max(i * n / bars + 1));
        let (lo, hi) = peaks[from..to.min(n)]
            .iter()
            .fold((i8::MAX, i8::MIN), |(lo, hi), (l, h)| {
                (lo.min(*l), hi.max(*h))
            });
        let top = y(hi);
        let bottom = y(lo).max(top + 1);
        if i == 0 {
            path.push_str(&format!("M0.5 {top}v{}", bottom - top));
        } else {
            path.push_str(&format!("m1 {}v{}", top - last_bottom, bottom - top));
        }
        last_bottom = bottom;
    }
    path
}

/// "No waveform: the file is damaged or in a format we cannot read."
pub fn no_waveform(why: &str) -> String {
    let mut chars = why.chars();
    let first = chars.next().map(|c| c.to_lowercase().to_string());
    format!(
        "No waveform: {}{}",
        first.unwrap_or_default(),
        chars.as_str()
    )
}

/// The address a moment is heard at without JavaScript (the page, cued there).
pub fn moment_href(file_id: i64, at_ms: i64) -> String {
    let t = crate::notifications::track_path(
        0,
        None,
        Some(crate::notifications::Cue { file_id, at_ms }),
    );
    // Only the query: the page is the one it is on.
    format!("{}#widget-files", &t[t.find('?').unwrap_or(0)..])
}

/// "1:32" or "1:32–1:40".
pub fn moment_text(at_ms: i64, until_ms: Option<i64>) -> String {
    match until_ms {
        Some(u) => format!("{}–{}", clock(at_ms), clock(u)),
        None => clock(at_ms),
    }
}

/// One file's player: `versions` in order (oldest first), the one `selected` shown,
/// cued at `cue_ms`; `moments` the track's comments pinned in this file (any version).
#[component]
pub fn Player(
    name: String,
    versions: Vec<FileInfo>,
    selected: i64,
    cue_ms: Option<i64>,
    moments: Vec<Comment>,
    can_comment: bool,
) -> impl IntoView {
    let Some(current) = versions.iter().find(|v| v.id == selected).cloned() else {
        return ().into_any();
    };
    let at = cue_ms.unwrap_or(0);
    let duration = current.sound.duration_ms();
    let src = format!("/media/files/{}", current.id);
    // A cued moment: the position is fetched with the page (media fragment), not played.
    let (audio_src, preload) = match cue_ms {
        Some(ms) if ms > 0 => (format!("{src}#t={}", ms as f64 / 1000.0), "metadata"),
        Some(_) => (src.clone(), "metadata"),
        None => (src.clone(), "none"),
    };
    let several = versions.len() > 1;
    let version_of = |file_id: i64| versions.iter().find(|v| v.id == file_id).map(|v| v.version);
    let waves = versions
        .iter()
        .map(|v| {
            let shown = v.id == current.id;
            let label = if several {
                format!("Seek in {name}, v{}", v.version)
            } else {
                format!("Seek in {name}")
            };
            let markers: Vec<_> = moments
                .iter()
                .filter_map(|c| c.moment.map(|m| (c, m)))
                .filter_map(|(c, m)| {
                    let total = v.sound.duration_ms()?;
                    (m.at_ms <= total && total > 0).then_some((c, m, total))
                })
                .map(|(c, m, total)| {
                    let left = m.at_ms as f64 * 100.0 / total as f64;
                    let width = m
                        .until_ms
                        .map(|u| (u.min(total) - m.at_ms) as f64 * 100.0 / total as f64);
                    let style = match width {
                        Some(w) => format!("left:{left:.2}%;width:{w:.2}%"),
                        None => format!("left:{left:.2}%"),
                    };
                    let elsewhere = (m.file_id != v.id)
                        .then(|| version_of(m.file_id).map(|n| format!(" (on v{n})")))
                        .flatten()
                        .unwrap_or_default();
                    let when = moment_text(m.at_ms, m.until_ms);
                    let tip = format!("{} at {when}{elsewhere}", c.author_name);
                    let aria = format!(
                        "Comment by {} at {when}{elsewhere}: {}",
                        c.author_name,
                        crate::text::excerpt(&c.body, 120)
                    );
                    view! {
                        <button type="button" class="marker" class:range=width.is_some()
                            class:elsewhere=!elsewhere.is_empty() style=style
                            data-seek=m.at_ms.to_string() data-file=v.id.to_string() aria-label=aria>
                            <span class="marker-tip" aria-hidden="true">
                                <strong>{tip}</strong>
                                <span>{crate::text::excerpt(&c.body, 120)}</span>
                            </span>
                        </button>
                    }
                })
                .collect();
            let body = match &v.sound {
                Sound::Ready { duration_ms, peaks } => {
                    let bars = BARS.min(peaks.len()).max(1);
                    let total = (*duration_ms).max(1);
                    let here = if shown { at.min(total) } else { 0 };
                    let played = here as f64 * bars as f64 / total as f64;
                    view! {
                        <div class="wave-track" role="slider" tabindex="0" aria-label=label
                            aria-valuemin="0" aria-valuemax=(total / 1000).to_string()
                            aria-valuenow=(here / 1000).to_string()
                            aria-valuetext=format!("{} of {}", clock(here), clock(total))
                            data-seek-bar="">
                            <svg viewBox=format!("0 0 {bars} {HEIGHT}") preserveAspectRatio="none"
                                aria-hidden="true" focusable="false">
                                <path id=format!("wave-{}", v.id) d=wave_path(peaks, bars)/>
                                <clipPath id=format!("played-{}", v.id)>
                                    <rect width=format!("{played:.1}") height=HEIGHT.to_string()/>
                                </clipPath>
                                <use href=format!("#wave-{}", v.id) class="played"
                                    clip-path=format!("url(#played-{})", v.id)/>
                            </svg>
                        </div>
                        <div class="markers">{markers}</div>
                    }
                    .into_any()
                }
                Sound::Analysing => view! {
                    <div class="wave-track plain" role="slider" tabindex="0" aria-label=label
                        aria-valuemin="0" aria-valuenow="0" data-seek-bar="">
                        <span class="wave-note" data-awaits-live="">"Analysing…"</span>
                    </div>
                }
                .into_any(),
                Sound::NoWaveform(why) => view! {
                    <div class="wave-track plain" role="slider" tabindex="0" aria-label=label
                        aria-valuemin="0" aria-valuenow="0" data-seek-bar="">
                        <span class="wave-note">{no_waveform(why)}</span>
                    </div>
                }
                .into_any(),
                Sound::NotAudio => ().into_any(),
            };
            view! {
                <div class="wave" data-wave=v.id.to_string() data-duration=duration_attr(&v.sound)
                    data-src=format!("/media/files/{}", v.id) data-name=v.name.clone()
                    data-version-number=v.version.to_string() hidden=!shown>
                    {body}
                </div>
            }
        })
        .collect_view();
    let switch = several.then(|| {
        view! {
            <div class="versions-switch" role="group" aria-label=format!("Version of {name}")>
                {versions.iter().map(|v| view! {
                    <button type="button" data-version=v.id.to_string()
                        aria-pressed=(v.id == current.id).to_string()
                        aria-label=format!("Listen to v{} of {name}", v.version)>
                        {format!("v{}", v.version)}
                    </button>
                }).collect_view()}
            </div>
        }
    });
    let total_text = duration.map(clock).unwrap_or_else(|| "–:––".into());
    view! {
        <div class="player" data-player=current.id.to_string() role="group" aria-label=format!("Player: {name}")>
            <audio preload=preload src=audio_src data-file=current.id.to_string() data-mime=current.mime.clone()></audio>
            <noscript><audio controls preload="none" src=src.clone()></audio></noscript>
            <div class="player-bar">
                <button type="button" class="play" data-play="" aria-pressed="false" aria-label=format!("Play {name}")>
                    <span class="play-icon" aria-hidden="true"></span>
                </button>
                <div class="waves">{waves}</div>
            </div>
            <div class="player-foot">
                <span class="time"><span data-now="">{clock(at)}</span>" / "<span data-total="">{total_text}</span></span>
                {switch}
                {can_comment.then(|| view! {
                    <button type="button" class="link-button" data-comment-at="">{format!("Comment at {}", clock(at))}</button>
                })}
            </div>
            <p class="player-error" role="status" data-cannot-play="" hidden>
                "Your browser cannot play this file. Download it instead."
            </p>
        </div>
    }
    .into_any()
}

fn duration_attr(sound: &Sound) -> Option<String> {
    sound.duration_ms().map(|d| d.to_string())
}

/// What the player does in the browser: a few listeners in the page's code hand the
/// events to the player's chunk (`act`), fetched on a page that has a player once it
/// is interactive (or on first use).
#[cfg(feature = "hydrate")]
pub use browser::{follow, prefetch};

#[cfg(feature = "hydrate")]
mod browser;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waveform_is_a_short_path_of_bars() {
        // Full-scale noise: the longest path there is.
        let peaks: Vec<(i8, i8)> = (0..1500)
            .map(|i| if i % 2 == 0 { (-127, 127) } else { (-1, 1) })
            .collect();
        let path = wave_path(&peaks, BARS);
        assert_eq!(path.matches('v').count(), BARS);
        assert!(path.len() < 4_500, "{} bytes", path.len());
        assert!(path.starts_with("M0.5 1v62"));
        // Silence is a line one unit tall; few peaks give as many bars.
        assert_eq!(wave_path(&[(0, 0), (0, 0)], BARS), "M0.5 32v1m1 -1v1");
        assert_eq!(wave_path(&[], BARS), "");
    }

    #[test]
    fn moments_read_as_times() {
        assert_eq!(moment_text(92_000, None), "1:32");
        assert_eq!(moment_text(92_000, Some(100_000)), "1:32–1:40");
        assert_eq!(moment_href(12, 92_500), "?file=12&t=92.5#widget-files");
        assert_eq!(
            no_waveform("The file is damaged or in a format we cannot read."),
            "No waveform: the file is damaged or in a format we cannot read."
        );
    }
}
