//! Audio analysis: a file's length and waveform, read with symphonia (pure Rust; WAV, AIFF,
//! FLAC, MP3, AAC/M4A, Ogg Vorbis). No web types: callers run it off the async runtime
//! and store what it returns.
//!
//! Bounded: the file is decoded packet by packet (memory does not grow with its length:
//! peaks are kept at a resolution that halves whenever they pass a cap), the decoding
//! stops at a deadline, and headers that claim absurd shapes are refused before any
//! buffer is made for them.

use std::io::{Read, Seek};
use std::time::{Duration, Instant};
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// How many (min, max) pairs a waveform has at most.
pub const PEAKS: usize = 1_500;
/// Fine peaks kept while decoding before they are merged two by two.
const FINE_CAP: usize = PEAKS * 16;
/// The most channels and the highest rate a file may claim.
const MAX_CHANNELS: usize = 32;
const MAX_RATE: u32 = 768_000;

/// What analysing a file found.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub duration_ms: i64,
    pub sample_rate: u32,
    pub channels: u16,
    /// At most [`PEAKS`] (min, max) pairs, each scaled to -127..=127, evenly over the file.
    pub peaks: Vec<(i8, i8)>,
}

/// Why a file has no waveform (each a sentence a person can read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not audio, damaged, or a format or codec this build cannot decode.
    Damaged,
    /// The header claims a shape no real recording has.
    Implausible(String),
    /// Decoding did not finish within its time.
    TooLong,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Damaged => {
                f.write_str("The file is damaged or in a format we cannot read.")
            }
            Unreadable::Implausible(what) => write!(f, "The file claims {what}."),
            Unreadable::TooLong => f.write_str("The file is too long to analyse."),
        }
    }
}

/// The file extensions of audio, for files whose declared type says nothing.
const AUDIO_EXTENSIONS: [&str; 14] = [
    "wav", "wave", "aif", "aiff", "aifc", "flac", "mp3", "m4a", "aac", "mp4", "ogg", "oga", "opus",
    "webm",
];

/// Whether a stored file is audio (analysed, and played on its track's page): by its
/// declared type, or by its name when the type is a generic one.
pub fn is_audio(name: &str, mime: &str) -> bool {
    if mime.starts_with("audio/") {
        return true;
    }
    extension(name).is_some_and(|ext| AUDIO_EXTENSIONS.contains(&ext.as_str()))
}

/// A file name's extension, in lower case.
pub fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 5).then(|| ext.to_ascii_lowercase())
}

/// Peaks as stored: min, max, min, max… one byte each.
pub fn peaks_to_bytes(peaks: &[(i8, i8)]) -> Vec<u8> {
    peaks
        .iter()
        .flat_map(|(lo, hi)| [*lo as u8, *hi as u8])
        .collect()
}

/// Peaks from their stored bytes (a trailing odd byte is ignored).
pub fn peaks_from_bytes(bytes: &[u8]) -> Vec<(i8, i8)> {
    bytes
        .chunks_exact(2)
        .map(|p| (p[0] as i8, p[1] as i8))
        .collect()
}

/// A 16-bit PCM WAV of `channels` channels at `rate`, each frame the next of `frames`
/// (-1.0..=1.0; the same sample in every channel). For the demo workspace, tests and
/// benchmarks.
pub fn write_wav(rate: u32, channels: u16, frames: impl ExactSizeIterator<Item = f32>) -> Vec<u8> {
    let data_len = frames.len() as u32 * u32::from(channels) * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(channels) * 2).to_le_bytes());
    out.extend_from_slice(&(channels * 2).to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for v in frames {
        let v = (v.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16;
        for _ in 0..channels {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Min/max of consecutive blocks of frames, coarsening as the file goes on.
struct Peaks {
    block: u64,
    in_block: u64,
    current: (f32, f32),
    done: Vec<(f32, f32)>,
}

impl Peaks {
    fn new(block: u64) -> Self {
        Peaks {
            block: block.max(1),
            in_block: 0,
            current: (f32::MAX, f32::MIN),
            done: Vec::new(),
        }
    }

    fn push(&mut self, lo: f32, hi: f32) {
        self.current.0 = self.current.0.min(lo);
        self.current.1 = self.current.1.max(hi);
        self.in_block += 1;
        if self.in_block == self.block {
            self.done.push(self.current);
            self.current = (f32::MAX, f32::MIN);
            self.in_block = 0;
            if self.done.len() >= FINE_CAP {
                self.done = merge(&self.done, 2);
                self.block *= 2;
            }
        }
    }

    /// The pairs, merged to at most `PEAKS`.
    fn finish(mut self) -> Vec<(i8, i8)> {
        if self.in_block > 0 {
            self.done.push(self.current);
        }
        let factor = self.done.len().div_ceil(PEAKS).max(1);
        merge(&self.done, factor)
            .into_iter()
            .map(|(lo, hi)| (scale(lo), scale(hi)))
            .collect()
    }
}

fn merge(pairs: &[(f32, f32)], factor: usize) -> Vec<(f32, f32)> {
    pairs
        .chunks(factor)
        .map(|c| {
            c.iter().fold((f32::MAX, f32::MIN), |(lo, hi), (l, h)| {
                (lo.min(*l), hi.max(*h))
            })
        })
        .collect()
}

fn scale(v: f32) -> i8 {
    if !v.is_finite() {
        return 0;
    }
    (v.clamp(-1.0, 1.0) * 127.0).round() as i8
}

/// Analyses `source` (a file's bytes; `extension` a hint such as "mp3"), giving up after
/// `budget`.
pub fn analyse<R: Read + Seek + Send + Sync + 'static>(
    source: R,
    extension: Option<&str>,
    budget: Duration,
) -> Result<Analysis, Unreadable> {
    let started = Instant::now();
    let stream = MediaSourceStream::new(Box::new(ReadSeek(source)), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = extension {
        hint.with_extension(ext);
    }
    // symphonia may panic on a header it does not expect (a multiplication that
    // overflows on 65,535 channels): such a file is damaged, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        decode(stream, hint, started, budget)
    }))
    .unwrap_or(Err(Unreadable::Damaged))
}

fn decode(
    stream: MediaSourceStream<'static>,
    hint: Hint,
    started: Instant,
    budget: Duration,
) -> Result<Analysis, Unreadable> {
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|_| Unreadable::Damaged)?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or(Unreadable::Damaged)?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or(Unreadable::Damaged)?
        .clone();
    let channels = params.channels.as_ref().map(|c| c.count()).unwrap_or(0);
    if channels > MAX_CHANNELS {
        return Err(Unreadable::Implausible(format!("{channels} channels")));
    }
    let rate = params.sample_rate.unwrap_or(0);
    if rate > MAX_RATE {
        return Err(Unreadable::Implausible(format!("{rate} samples a second")));
    }
    let track_id = track.id;
    // Blocks of one frame that merge two by two as the file goes on (a header's length
    // may lie): any length ends with between PEAKS and FINE_CAP fine pairs.
    let block = 1;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|_| Unreadable::Damaged)?;
    let mut peaks = Peaks::new(block);
    let mut frames: u64 = 0;
    let mut spec_rate = rate;
    let mut spec_channels = channels;
    let mut scratch: Vec<f32> = Vec::new();
    loop {
        if started.elapsed() > budget {
            return Err(Unreadable::TooLong);
        }
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            // A damaged or cut-off end: what was read stands.
            Err(DecodeError::IoError(_)) if frames > 0 => break,
            Err(_) if frames > 0 => break,
            Err(_) => return Err(Unreadable::Damaged),
        };
        if packet.track_id != track_id {
            continue;
        }
        let buf = match decoder.decode(&packet) {
            Ok(buf) => buf,
            // One bad packet is skipped, as players do.
            Err(DecodeError::DecodeError(_)) => continue,
            Err(_) if frames > 0 => break,
            Err(_) => return Err(Unreadable::Damaged),
        };
        let n = buf.frames();
        let ch = buf.spec().channels().count().max(1);
        if ch > MAX_CHANNELS {
            return Err(Unreadable::Implausible(format!("{ch} channels")));
        }
        spec_rate = buf.spec().rate();
        spec_channels = ch;
        scratch.resize(buf.samples_interleaved(), 0.0);
        buf.copy_to_slice_interleaved(&mut scratch[..]);
        for frame in scratch.chunks(ch) {
            let (lo, hi) = frame
                .iter()
                .fold((f32::MAX, f32::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
            peaks.push(lo, hi);
        }
        frames += n as u64;
    }
    if frames == 0 || spec_rate == 0 {
        return Err(Unreadable::Damaged);
    }
    Ok(Analysis {
        duration_ms: (frames * 1000 / u64::from(spec_rate)) as i64,
        sample_rate: spec_rate,
        channels: spec_channels as u16,
        peaks: peaks.finish(),
    })
}

/// A reader symphonia can seek in, of any length.
struct ReadSeek<R>(R);

impl<R: Read> Read for ReadSeek<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Seek> Seek for ReadSeek<R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}

impl<R: Read + Seek + Send + Sync> symphonia::core::io::MediaSource for ReadSeek<R> {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Cursor;

    /// A 16-bit PCM WAV of `channels` channels: `frames` frames of a tone at an eighth
    /// of the rate (every window of 8 frames holds its peaks) at `level` of full scale.
    pub fn wav(rate: u32, channels: u16, frames: u32, level: f32) -> Vec<u8> {
        let tone = (0..frames).map(|i| (i as f32 * std::f32::consts::TAU / 8.0).sin() * level);
        write_wav(rate, channels, tone)
    }

    fn run(bytes: Vec<u8>) -> Result<Analysis, Unreadable> {
        analyse(Cursor::new(bytes), Some("wav"), Duration::from_secs(10))
    }

    #[test]
    fn a_wav_gives_its_length_and_peaks_at_its_level() {
        let a = run(wav(44_100, 2, 44_100 * 3, 0.5)).unwrap();
        assert_eq!(a.duration_ms, 3_000);
        assert_eq!((a.sample_rate, a.channels), (44_100, 2));
        assert!(
            a.peaks.len() <= PEAKS && a.peaks.len() > PEAKS / 2,
            "{}",
            a.peaks.len()
        );
        for (lo, hi) in &a.peaks {
            assert!(
                (60..=65).contains(hi) && (-65..=-60).contains(lo),
                "{lo} {hi}"
            );
        }
    }

    #[test]
    fn silence_then_sound_shows_where_the_sound_starts() {
        let mut bytes = wav(8_000, 1, 16_000, 0.0);
        let loud = wav(8_000, 1, 16_000, 1.0);
        // One data chunk: silence then the loud half.
        bytes.extend_from_slice(&loud[44..]);
        let len = (bytes.len() - 44) as u32;
        bytes[40..44].copy_from_slice(&len.to_le_bytes());
        bytes[4..8].copy_from_slice(&(len + 36).to_le_bytes());
        let a = run(bytes).unwrap();
        assert_eq!(a.duration_ms, 4_000);
        let half = a.peaks.len() / 2;
        assert!(a.peaks[..half - 1]
            .iter()
            .all(|(lo, hi)| *lo == 0 && *hi == 0));
        // (The last pair may cover a few frames only.)
        let loud = &a.peaks[half + 1..a.peaks.len() - 1];
        let quietest = loud.iter().map(|(_, hi)| *hi).min();
        assert!(quietest > Some(120), "{quietest:?} of {}", loud.len());
    }

    #[test]
    fn damaged_files_say_so() {
        assert_eq!(run(Vec::new()), Err(Unreadable::Damaged));
        assert_eq!(
            run(b"not audio at all".repeat(100)),
            Err(Unreadable::Damaged)
        );
        let mut lcg = 7u32;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                lcg = lcg.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (lcg >> 24) as u8
            })
            .collect();
        assert_eq!(run(noise), Err(Unreadable::Damaged));
    }

    #[test]
    fn a_cut_off_file_gives_what_it_has() {
        let mut bytes = wav(8_000, 1, 8_000 * 4, 0.5);
        bytes.truncate(44 + 8_000 * 2);
        let a = run(bytes).unwrap();
        assert!((900..=1_000).contains(&a.duration_ms), "{}", a.duration_ms);
    }

    #[test]
    fn absurd_headers_are_refused_without_allocating_for_them() {
        // 4 billion channels cannot be said in a WAV header; 65,535 can.
        let mut bytes = wav(8_000, 1, 800, 0.5);
        bytes[22..24].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(matches!(
            run(bytes),
            Err(Unreadable::Implausible(_) | Unreadable::Damaged)
        ));
        // A header claiming 10 hours over a second of data: the second is what is read.
        let mut bytes = wav(8_000, 1, 8_000, 0.5);
        let ten_hours = 8_000u32 * 2 * 36_000;
        bytes[40..44].copy_from_slice(&ten_hours.to_le_bytes());
        bytes[4..8].copy_from_slice(&(ten_hours + 36).to_le_bytes());
        let a = run(bytes).unwrap();
        assert_eq!(a.duration_ms, 1_000);
    }

    #[test]
    fn decoding_stops_at_its_deadline() {
        let bytes = wav(44_100, 2, 44_100 * 60, 0.5);
        let r = analyse(Cursor::new(bytes), Some("wav"), Duration::ZERO);
        assert_eq!(r, Err(Unreadable::TooLong));
    }

    #[test]
    fn long_files_keep_at_most_the_cap_of_peaks() {
        // Ten minutes: blocks merged until they fit.
        let a = run(wav(8_000, 1, 8_000 * 600, 0.25)).unwrap();
        assert!(a.peaks.len() <= PEAKS, "{}", a.peaks.len());
        assert_eq!(a.duration_ms, 600_000);
    }

    #[test]
    fn audio_is_known_by_type_or_name_and_peaks_round_trip() {
        assert!(is_audio("mix", "audio/x-wav"));
        assert!(is_audio("Mix.FLAC", "application/octet-stream"));
        assert!(!is_audio("notes.pdf", "application/pdf"));
        assert!(!is_audio("flac", "application/octet-stream"));
        let peaks = vec![(-127, 127), (0, 0), (-3, 5)];
        assert_eq!(peaks_from_bytes(&peaks_to_bytes(&peaks)), peaks);
        assert_eq!(peaks_from_bytes(&[1, 2, 3]), vec![(1, 2)]);
    }

    /// The committed fixtures (`tests/fixtures/audio/make.py`): every format the player
    /// plays has a waveform, except Opus (no pure-Rust decoder), which says why not.
    #[test]
    fn every_fixture_format_is_read() {
        let fixtures: [(&str, &[u8], i64); 6] = [
            (
                "flac",
                include_bytes!("../tests/fixtures/audio/phrase.flac"),
                1_500,
            ),
            (
                "mp3",
                include_bytes!("../tests/fixtures/audio/phrase.mp3"),
                1_500,
            ),
            (
                "ogg",
                include_bytes!("../tests/fixtures/audio/phrase.ogg"),
                1_500,
            ),
            (
                "m4a",
                include_bytes!("../tests/fixtures/audio/phrase.m4a"),
                1_500,
            ),
            (
                "aiff",
                include_bytes!("../tests/fixtures/audio/phrase.aiff"),
                250,
            ),
            (
                "opus",
                include_bytes!("../tests/fixtures/audio/phrase.opus"),
                1_500,
            ),
        ];
        for (ext, bytes, ms) in fixtures {
            let found = analyse(
                Cursor::new(bytes.to_vec()),
                Some(ext),
                Duration::from_secs(10),
            );
            println!(
                "{ext}: {found:?}",
                found = found.as_ref().map(|a| (a.duration_ms, a.peaks.len()))
            );
            if ext == "opus" {
                assert_eq!(found, Err(Unreadable::Damaged), "{ext}");
                continue;
            }
            let a = found.unwrap_or_else(|e| panic!("{ext}: {e}"));
            // An MP3 without a LAME header carries its encoder's delay and padding.
            assert!(
                (a.duration_ms - ms).abs() <= 100,
                "{ext}: {} ms",
                a.duration_ms
            );
            // Three notes, then silence: loud at the start, quiet at the end.
            let n = a.peaks.len();
            let loudest = |from: usize, to: usize| a.peaks[from..to].iter().map(|p| p.1).max();
            assert!(loudest(0, n / 4) > Some(60), "{ext}: the notes");
            if ext != "aiff" {
                assert!(loudest(n * 9 / 10, n) < Some(5), "{ext}: the silence");
            }
        }
    }

    /// Generated damaged files (the fixtures and WAVs cut, bit-flipped, overwritten with
    /// absurd header values, spliced, or random bytes): each is analysed or refused within
    /// its budget, and nothing panics. `make test` runs a short pass; `make fuzz` runs
    /// `FUZZ_INPUTS` (replay one with `FUZZ_SEED`).
    #[test]
    fn fuzz_damaged_files_are_refused_in_time() {
        use rand::rngs::StdRng;
        use rand::seq::SliceRandom;
        use rand::{Rng, SeedableRng};
        let inputs: usize = std::env::var("FUZZ_INPUTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(|n: usize| n / 20)
            .unwrap_or(300);
        let seed: u64 = std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| rand::thread_rng().gen());
        let mut rng = StdRng::seed_from_u64(seed);
        let seeds: Vec<(&str, Vec<u8>)> = vec![
            ("wav", wav(8_000, 2, 4_000, 0.5)),
            ("wav", wav(44_100, 1, 2_000, 0.9)),
            (
                "flac",
                include_bytes!("../tests/fixtures/audio/phrase.flac").to_vec(),
            ),
            (
                "mp3",
                include_bytes!("../tests/fixtures/audio/phrase.mp3").to_vec(),
            ),
            (
                "ogg",
                include_bytes!("../tests/fixtures/audio/phrase.ogg").to_vec(),
            ),
            (
                "m4a",
                include_bytes!("../tests/fixtures/audio/phrase.m4a").to_vec(),
            ),
            (
                "aiff",
                include_bytes!("../tests/fixtures/audio/phrase.aiff").to_vec(),
            ),
        ];
        let budget = Duration::from_secs(2);
        let (mut read, mut refused) = (0, 0);
        let started = Instant::now();
        for i in 0..inputs {
            let (ext, original) = seeds.choose(&mut rng).unwrap();
            let mut bytes = original.clone();
            match rng.gen_range(0..7) {
                0 => bytes.truncate(rng.gen_range(0..bytes.len())),
                1 => {
                    for _ in 0..rng.gen_range(1..40) {
                        let at = rng.gen_range(0..bytes.len());
                        bytes[at] ^= 1 << rng.gen_range(0..8);
                    }
                }
                2 => {
                    // An absurd number where the header keeps its sizes, rates, channels.
                    let at = rng.gen_range(0..64.min(bytes.len() - 4));
                    let v: u32 = *[0, 1, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF]
                        .choose(&mut rng)
                        .unwrap();
                    if rng.gen() {
                        bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
                    } else {
                        bytes[at..at + 2].copy_from_slice(&(v as u16).to_be_bytes());
                    }
                }
                3 => {
                    let from = rng.gen_range(0..bytes.len());
                    let to = (from + rng.gen_range(1..256)).min(bytes.len());
                    rng.fill(&mut bytes[from..to]);
                }
                4 => {
                    let (_, other) = seeds.choose(&mut rng).unwrap();
                    let cut = rng.gen_range(0..bytes.len());
                    bytes.truncate(cut);
                    bytes.extend_from_slice(&other[rng.gen_range(0..other.len())..]);
                }
                5 => {
                    bytes = vec![0; rng.gen_range(0..4096)];
                    rng.fill(&mut bytes[..]);
                }
                _ => bytes.clear(),
            }
            let hint = if rng.gen_bool(0.8) { Some(*ext) } else { None };
            let began = Instant::now();
            let found =
                std::panic::catch_unwind(|| analyse(Cursor::new(bytes.clone()), hint, budget))
                    .unwrap_or_else(|_| panic!("input {i} (seed {seed}) panicked"));
            assert!(
                began.elapsed() < budget + Duration::from_millis(500),
                "input {i} (seed {seed}) took {:?}",
                began.elapsed()
            );
            match found {
                Ok(a) => {
                    assert!(
                        a.peaks.len() <= PEAKS && a.duration_ms >= 0,
                        "input {i} (seed {seed})"
                    );
                    read += 1;
                }
                Err(e) => {
                    assert!(e.to_string().ends_with('.'), "a sentence: {e}");
                    refused += 1;
                }
            }
        }
        println!(
            "fuzz (audio): {inputs} damaged files (seed {seed}) in {:.1} s: {read} read, {refused} refused, 0 panics",
            started.elapsed().as_secs_f64()
        );
    }
}
