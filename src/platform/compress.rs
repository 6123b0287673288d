//! Text answers go out compressed, chosen by `Accept-Encoding`: pages, `/api` answers and
//! other text whole (gzip when accepted, otherwise brotli), and the event stream as gzip
//! flushed event by event. The bundle is precompressed already (`assets`), and media
//! (images, audio, archives) are sent as they are.
//!
//! Why not a general-purpose compression layer: a page is compressed once, whole, so the
//! encoder is sized for it (a streaming brotli encoder set up for a 4 MB window spent
//! ~400 µs of the ~2 ms a dashboard render cost; gzip at level 4 makes the same 21 KB page
//! within 3 % of brotli's size in ~90 µs). And an event stream needs a compressor that
//! costs next to nothing while it waits: each event is compressed on its own by a
//! per-thread compressor primed with the last kilobyte the stream sent (the browser's
//! decoder has it in its window), so an idle stream holds only that kilobyte, a checksum
//! and a length.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Response};
use axum::middleware::Next;
use futures::StreamExt;
use std::cell::RefCell;

/// Below this a compressed answer is hardly smaller (headers and framing dominate).
const MIN_SIZE: usize = 256;
/// Whole answers: gzip level 4.
const GZIP_LEVEL: u32 = 4;
/// Whole answers when only brotli is accepted: quality 4, window fitted to the answer.
const BROTLI_QUALITY: i32 = 4;
/// Events: deflate level 1, primed with this much of what the stream sent before.
const EVENT_LEVEL: u32 = 1;
pub const EVENT_HISTORY: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Brotli,
    Identity,
}

impl Coding {
    fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Brotli => Some(HeaderValue::from_static("br")),
            Coding::Identity => None,
        }
    }
}

/// What the client accepts, in the server's order of preference (gzip: cheapest for
/// answers made per request). A coding with `q=0` is refused; `*` stands for any
/// coding not named.
pub fn negotiate(accept: &str) -> Coding {
    let mut gzip = None;
    let mut br = None;
    let mut any = None;
    for part in accept.split(',') {
        let mut bits = part.split(';');
        let name = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .filter_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .find_map(|v| v.parse::<f32>().ok())
            .unwrap_or(1.0);
        let ok = q > 0.0;
        match name.as_str() {
            "gzip" | "x-gzip" => gzip = Some(ok),
            "br" => br = Some(ok),
            "*" => any = Some(ok),
            _ => {}
        }
    }
    if gzip.or(any) == Some(true) {
        Coding::Gzip
    } else if br.or(any) == Some(true) {
        Coding::Brotli
    } else {
        Coding::Identity
    }
}

fn accepted(headers: &HeaderMap) -> Coding {
    let all: Vec<&str> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    negotiate(&all.join(","))
}

enum Kind {
    Whole,
    Events,
    AsIs,
}

fn kind(res: &Response<Body>) -> Kind {
    if res.headers().contains_key(header::CONTENT_ENCODING) {
        return Kind::AsIs;
    }
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.starts_with("text/event-stream") {
        Kind::Events
    } else if ct.starts_with("text/html")
        || ct.starts_with("application/json")
        || ct.starts_with("text/plain")
        || ct.starts_with("application/x-www-form-urlencoded")
    {
        Kind::Whole
    } else {
        Kind::AsIs
    }
}

/// Compresses a whole answer.
pub fn compress(coding: Coding, data: &[u8]) -> std::io::Result<Vec<u8>> {
    match coding {
        // One compressor per thread, reset between answers: setting one up allocates
        // and zeroes a few hundred kilobytes, more than compressing a page costs.
        Coding::Gzip => GZIP.with(|c| {
            let mut c = c.borrow_mut();
            c.reset();
            let mut out = Vec::with_capacity(data.len() / 4 + 64);
            deflate(&mut c, data, &mut out, flate2::FlushCompress::Finish)?;
            Ok(out)
        }),
        Coding::Brotli => {
            // The smallest window that holds the whole answer (brotli allows 2^10..2^24).
            let lgwin = (usize::BITS - data.len().max(1).leading_zeros()).clamp(10, 22) as i32;
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin,
                size_hint: data.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(data.len() / 4 + 64);
            brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
            Ok(out)
        }
        Coding::Identity => Ok(data.to_vec()),
    }
}

/// Runs `c` over all of `input` into `out`, growing it as needed, until the flush asked
/// for is complete (zlib's rule: the call that leaves output room to spare has finished).
fn deflate(
    c: &mut flate2::Compress,
    mut input: &[u8],
    out: &mut Vec<u8>,
    flush: flate2::FlushCompress,
) -> std::io::Result<()> {
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(256));
        }
        let before = c.total_in();
        c.compress_vec(input, out, flush)
            .map_err(std::io::Error::other)?;
        input = &input[(c.total_in() - before) as usize..];
        if input.is_empty() && out.len() < out.capacity() {
            return Ok(());
        }
    }
}

/// Compresses an answer that is text (see `kind`) as the request accepts: whole answers
/// at once, the event stream event by event. `HEAD` answers and anything already encoded
/// pass untouched; every text answer says it varies by `Accept-Encoding`.
pub async fn compress_text(req: Request, next: Next) -> Response<Body> {
    let coding = accepted(req.headers());
    let head = req.method() == axum::http::Method::HEAD;
    let res = next.run(req).await;
    let kind = kind(&res);
    let (mut parts, body) = res.into_parts();
    if !matches!(kind, Kind::AsIs) {
        parts
            .headers
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if head || coding == Coding::Identity {
        return Response::from_parts(parts, body);
    }
    match kind {
        Kind::AsIs => Response::from_parts(parts, body),
        Kind::Whole => {
            let bytes = match axum::body::to_bytes(body, usize::MAX).await {
                Ok(b) => b,
                Err(e) => {
                    // The answer broke off while being made: pass the failure on as the
                    // stream would have.
                    tracing::warn!("answer body failed: {e}");
                    return Response::from_parts(
                        parts,
                        Body::from_stream(futures::stream::once(async move { Err::<Bytes, _>(e) })),
                    );
                }
            };
            if bytes.len() < MIN_SIZE {
                return Response::from_parts(parts, Body::from(bytes));
            }
            match compress(coding, &bytes) {
                Ok(out) => {
                    parts.headers.remove(header::CONTENT_LENGTH);
                    if let Some(v) = coding.header() {
                        parts.headers.insert(header::CONTENT_ENCODING, v);
                    }
                    Response::from_parts(parts, Body::from(out))
                }
                Err(e) => {
                    tracing::warn!("could not compress an answer: {e}");
                    Response::from_parts(parts, Body::from(bytes))
                }
            }
        }
        Kind::Events if coding == Coding::Gzip => {
            parts.headers.remove(header::CONTENT_LENGTH);
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            Response::from_parts(parts, gzip_events(body))
        }
        Kind::Events => Response::from_parts(parts, body),
    }
}

thread_local! {
    static GZIP: RefCell<flate2::Compress> = RefCell::new(
        flate2::Compress::new_gzip(flate2::Compression::new(GZIP_LEVEL), 15),
    );
    static DEFLATE: RefCell<flate2::Compress> = RefCell::new(
        flate2::Compress::new(flate2::Compression::new(EVENT_LEVEL), false),
    );
}

/// One gzip member written chunk by chunk, each chunk flushed whole so the reader can
/// decode it on arrival. Between chunks it holds only the last [`EVENT_HISTORY`] bytes it
/// sent (a chunk may refer back into them), the checksum and the length.
pub struct EventGzip {
    history: Vec<u8>,
    crc: flate2::Crc,
    started: bool,
}

impl Default for EventGzip {
    fn default() -> Self {
        Self::new()
    }
}

impl EventGzip {
    pub fn new() -> Self {
        EventGzip {
            history: Vec::new(),
            crc: flate2::Crc::new(),
            started: false,
        }
    }

    /// The member's header, before whatever is written first.
    fn header_once(&mut self, out: &mut Vec<u8>) {
        if !self.started {
            self.started = true;
            // Magic, deflate, no flags, no time, no extra flags, unknown system.
            out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        }
    }

    /// The compressed bytes for `chunk` (with the gzip header before the first).
    pub fn chunk(&mut self, chunk: &[u8]) -> std::io::Result<Bytes> {
        let mut out = Vec::with_capacity(chunk.len() / 2 + 32);
        self.header_once(&mut out);
        DEFLATE.with(|c| {
            let mut c = c.borrow_mut();
            c.reset();
            if !self.history.is_empty() {
                c.set_dictionary(&self.history)
                    .map_err(std::io::Error::other)?;
            }
            deflate(&mut c, chunk, &mut out, flate2::FlushCompress::Sync)?;
            Ok::<_, std::io::Error>(())
        })?;
        self.crc.update(chunk);
        // Keep the last EVENT_HISTORY bytes sent, in a buffer that never grows past it.
        if self.history.capacity() == 0 {
            self.history.reserve_exact(EVENT_HISTORY);
        }
        let keep = EVENT_HISTORY
            .saturating_sub(chunk.len())
            .min(self.history.len());
        self.history.drain(..self.history.len() - keep);
        self.history
            .extend_from_slice(&chunk[chunk.len() - chunk.len().min(EVENT_HISTORY)..]);
        Ok(Bytes::from(out))
    }

    /// The end of the member: an empty last block, the checksum and the length.
    pub fn finish(&mut self) -> Bytes {
        let mut out = Vec::with_capacity(18);
        self.header_once(&mut out);
        out.extend_from_slice(&[0x03, 0x00]);
        out.extend_from_slice(&self.crc.sum().to_le_bytes());
        out.extend_from_slice(&self.crc.amount().to_le_bytes());
        Bytes::from(out)
    }
}

fn gzip_events(body: Body) -> Body {
    let state = (body.into_data_stream(), EventGzip::new(), false);
    Body::from_stream(futures::stream::unfold(
        state,
        |(mut data, mut gz, ended)| async move {
            if ended {
                return None;
            }
            match data.next().await {
                Some(Ok(chunk)) => {
                    let out = gz.chunk(&chunk).map_err(axum::Error::new);
                    Some((out, (data, gz, false)))
                }
                Some(Err(e)) => Some((Err(e), (data, gz, true))),
                None => {
                    let tail = gz.finish();
                    Some((Ok(tail), (data, gz, true)))
                }
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn negotiation_follows_accept_encoding() {
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Coding::Gzip);
        assert_eq!(negotiate("br"), Coding::Brotli);
        assert_eq!(negotiate("gzip;q=0, br;q=0.5"), Coding::Brotli);
        assert_eq!(negotiate("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(negotiate(""), Coding::Identity);
        assert_eq!(negotiate("identity"), Coding::Identity);
        assert_eq!(negotiate("*"), Coding::Gzip);
        assert_eq!(negotiate("*;q=0, br"), Coding::Brotli);
        assert_eq!(negotiate("GZIP ; q=1.0"), Coding::Gzip);
    }

    #[test]
    fn whole_answers_round_trip() {
        // The thread's compressor is reused: each answer is a whole member of its own.
        for page in [
            "<p>Producer Dashboard</p>".repeat(400),
            "{\"items\":[]}".repeat(90),
            "<p>Producer Dashboard</p>".repeat(400),
        ] {
            let gz = compress(Coding::Gzip, page.as_bytes()).unwrap();
            let mut back = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, page);
            assert!(gz.len() < page.len() / 10);
        }
        let page = "<p>Producer Dashboard</p>".repeat(400);
        let br = compress(Coding::Brotli, page.as_bytes()).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, page);
        assert!(br.len() < page.len() / 10);
    }

    /// Every event decodes as soon as it arrives, the whole stream is one valid gzip
    /// member, and an idle stream keeps no more than its history.
    #[test]
    fn events_decode_one_by_one_and_as_a_whole() {
        let events: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    "event: notification\ndata: {{\"id\":{i},\"title\":\"Maya commented on Track {i}\",\"message\":\"{}\"}}\nid: {i}\n\n",
                    "la ".repeat(i * 7)
                )
            })
            .collect();
        let mut gz = EventGzip::new();
        let mut sent = Vec::new();
        let mut inflate = flate2::Decompress::new(false);
        let mut seen = Vec::new();
        let mut plain = 0;
        for (i, e) in events.iter().enumerate() {
            let bytes = gz.chunk(e.as_bytes()).unwrap();
            plain += e.len();
            // The reader skips the 10-byte header and inflates what has arrived so far.
            let start = if i == 0 { 10 } else { 0 };
            sent.extend_from_slice(&bytes);
            let mut out = Vec::with_capacity(64 * 1024);
            inflate
                .decompress_vec(&bytes[start..], &mut out, flate2::FlushDecompress::Sync)
                .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), *e, "event {i} on arrival");
            seen.push(e.clone());
            assert!(gz.history.len() <= EVENT_HISTORY);
            assert!(gz.history.capacity() < 2 * EVENT_HISTORY);
        }
        sent.extend_from_slice(&gz.finish());
        let mut back = String::new();
        flate2::read::GzDecoder::new(&sent[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, seen.concat());
        assert!(sent.len() * 3 < plain, "{} of {plain}", sent.len());
    }

    #[test]
    fn an_empty_stream_is_a_valid_member() {
        let mut gz = EventGzip::new();
        let bytes = gz.finish();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut back)
            .unwrap();
        assert!(back.is_empty());
    }
}
