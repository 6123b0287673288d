//! `make bench` (audio): the waveform of a 5-minute 44.1 kHz stereo 16-bit WAV (~50 MB),
//! written to a scratch file, and of the same as a 320 kbps MP3: the time on one thread,
//! the memory it took above what the process held before, and the size of its peaks
//! (stored: two bytes a pair; on the wire: the SVG path the track page carries).

use producer_dashboard::audio::{analyse, PEAKS};
use producer_dashboard::tracks::player::{wave_path, BARS};
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

const RATE: u32 = 44_100;
const CHANNELS: u16 = 2;
const SECONDS: u32 = 300;

/// A kilobyte figure of this process from /proc/self/status (`VmRSS`, `VmHWM`).
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn write_wav(path: &std::path::Path) -> std::io::Result<u64> {
    let frames = RATE * SECONDS;
    let data_len = frames * u32::from(CHANNELS) * 2;
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    out.write_all(b"RIFF")?;
    out.write_all(&(36 + data_len).to_le_bytes())?;
    out.write_all(b"WAVEfmt ")?;
    out.write_all(&16u32.to_le_bytes())?;
    out.write_all(&1u16.to_le_bytes())?;
    out.write_all(&CHANNELS.to_le_bytes())?;
    out.write_all(&RATE.to_le_bytes())?;
    out.write_all(&(RATE * u32::from(CHANNELS) * 2).to_le_bytes())?;
    out.write_all(&(CHANNELS * 2).to_le_bytes())?;
    out.write_all(&16u16.to_le_bytes())?;
    out.write_all(b"data")?;
    out.write_all(&data_len.to_le_bytes())?;
    // A tone whose loudness swells and falls every 10 s, so the peaks have a shape.
    for i in 0..frames {
        let t = i as f32 / RATE as f32;
        let swell = 0.2 + 0.7 * (t * std::f32::consts::TAU / 10.0).sin().abs();
        let v = (t * 220.0 * std::f32::consts::TAU).sin() * swell;
        let s = ((v * i16::MAX as f32) as i16).to_le_bytes();
        for _ in 0..CHANNELS {
            out.write_all(&s)?;
        }
    }
    out.flush()?;
    Ok(44 + u64::from(data_len))
}

/// What three analyses of one file measured.
struct Measured {
    /// The median time.
    time: Duration,
    /// The most memory above idle, in KB.
    above: u64,
    peaks: Vec<(i8, i8)>,
    duration_ms: i64,
}

/// Analyses `path` three times.
fn measure(path: &std::path::Path, ext: &str) -> std::io::Result<Measured> {
    let mut times = Vec::new();
    let mut above = 0;
    let mut last = None;
    for _ in 0..3 {
        let before = status_kb("VmRSS:");
        // Resets the process's peak to what it holds now (Linux).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let t = Instant::now();
        let file = std::io::BufReader::with_capacity(64 * 1024, std::fs::File::open(path)?);
        let analysis = analyse(file, Some(ext), Duration::from_secs(60))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        times.push(t.elapsed());
        above = above.max(status_kb("VmHWM:").saturating_sub(before));
        assert!(analysis.peaks.len() <= PEAKS);
        last = Some(analysis);
    }
    times.sort();
    let a = last.expect("three runs");
    Ok(Measured {
        time: times[1],
        above,
        peaks: a.peaks,
        duration_ms: a.duration_ms,
    })
}

fn report(what: &str, target_ms: u32, m: Measured) {
    let Measured {
        time,
        above,
        peaks,
        duration_ms,
    } = m;
    let svg = wave_path(&peaks, BARS).len();
    println!(
        "{what}: {:.1} s long, analysis {:>7.1} ms (median of 3; target {target_ms})   memory above idle {:>5.1} MB (target 64)   peaks {:.1} KB stored, waveform {:.1} KB in the page (target 8 on the wire)",
        duration_ms as f64 / 1000.0,
        time.as_secs_f64() * 1000.0,
        above as f64 / 1024.0,
        peaks.len() as f64 * 2.0 / 1024.0,
        svg as f64 / 1024.0
    );
}

fn main() -> std::io::Result<()> {
    let dir = std::env::temp_dir().join(format!("pd-audio-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("five-minutes.wav");
    let bytes = write_wav(&path)?;
    println!("waveforms, one thread, release build");
    let wav = measure(&path, "wav")?;
    assert_eq!(wav.duration_ms, i64::from(SECONDS) * 1000);
    report(
        &format!(
            "{SECONDS} s {RATE} Hz {CHANNELS}-channel 16-bit WAV ({:.1} MB)",
            bytes as f64 / 1e6
        ),
        1_000,
        wav,
    );
    std::fs::remove_dir_all(&dir)?;
    // The same recording as a 320 kbps MP3 (`scripts/bench-audio.sh` writes it).
    match std::env::var("BENCH_MP3") {
        Ok(mp3) => {
            let size = std::fs::metadata(&mp3)?.len();
            report(
                &format!("the same as a 320 kbps MP3 ({:.1} MB)", size as f64 / 1e6),
                2_000,
                measure(std::path::Path::new(&mp3), "mp3")?,
            );
        }
        Err(_) => println!("(no MP3: run it through `make bench`, which writes one)"),
    }
    Ok(())
}
