//! `make bench-web`, the server half: how fast the signed-in dashboard renders, next to
//! the ceiling of a bare axum server answering the same bytes from memory, measured side
//! by side in one run on the same core. Usage (the script `scripts/bench-web.sh` runs it):
//!
//!   web ssr ADDR COOKIE      load the running server at ADDR (already pinned to one core)
//!   web bare CORE            (internal) the bare server, reads its answer from stdin
//!
//! The load comes from this process, pinned to the other core: 32 keep-alive connections
//! asking as a browser does (`Accept-Encoding: gzip, deflate, br`), for a few seconds each.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use support::{ms, percentile};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CONNECTIONS: usize = 32;
const WARM_UP: Duration = Duration::from_secs(1);
const RUN: Duration = Duration::from_secs(6);
/// What Chromium asks for.
const BROWSER: &str = "gzip, deflate, br";

/// Runs this process on one CPU only (so that load and server never share a core).
fn pin_to(core: usize) {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; we pass its real size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// One request's answer: status, headers (lower-case names) and the body as sent.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Reads one HTTP/1.1 response (Content-Length or chunked) from a keep-alive connection,
/// keeping whatever follows it in `buf`.
async fn read_answer(s: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Answer> {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    buf.drain(..head_end);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while buf.len() < len {
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        body.extend(buf.drain(..len));
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let line_end = loop {
                if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
                    break i;
                }
                let n = s.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::Error::other("connection closed"));
                }
                buf.extend_from_slice(&chunk[..n]);
            };
            let size_text = String::from_utf8_lossy(&buf[..line_end]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| std::io::Error::other(format!("bad chunk size {size_text:?}")))?;
            while buf.len() < line_end + 2 + size + 2 {
                let n = s.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::Error::other("connection closed"));
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
            buf.drain(..line_end + 2 + size + 2);
            if size == 0 {
                break;
            }
        }
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn request(addr: SocketAddr, path: &str, cookie: &str, encoding: &str) -> String {
    let cookie = if cookie.is_empty() {
        String::new()
    } else {
        format!("Cookie: {cookie}\r\n")
    };
    format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nAccept-Encoding: {encoding}\r\n{cookie}\r\n"
    )
}

async fn one(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    encoding: &str,
) -> std::io::Result<Answer> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(request(addr, path, cookie, encoding).as_bytes())
        .await?;
    read_answer(&mut s, &mut Vec::new()).await
}

struct Load {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
    /// The server's CPU time (all its threads) per answer while measured, when known.
    cpu: Option<Duration>,
}

/// CPU time (user + system, all threads) the server process has used so far, read from
/// `/proc` when `SERVER_PID` names it.
fn server_cpu() -> Option<Duration> {
    let pid = std::env::var("SERVER_PID").ok()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at state (field 3).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // Linux reports these in USER_HZ, 100 per second on every supported architecture.
    Some(Duration::from_millis(ticks * 10))
}

/// 32 connections asking for `path` back to back; answers other than `status` count as errors.
async fn load(addr: SocketAddr, path: &str, cookie: &str, encoding: &str, status: u16) -> Load {
    let req = request(addr, path, cookie, encoding);
    let start = Instant::now();
    let cpu_at_start = tokio::spawn(async {
        tokio::time::sleep(WARM_UP).await;
        server_cpu()
    });
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let req = req.clone();
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut errors = 0;
                let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else {
                    return (times, 1);
                };
                let _ = s.set_nodelay(true);
                let mut buf = Vec::new();
                while start.elapsed() < WARM_UP + RUN {
                    let t = Instant::now();
                    if s.write_all(req.as_bytes()).await.is_err() {
                        errors += 1;
                        break;
                    }
                    match read_answer(&mut s, &mut buf).await {
                        Ok(a) if a.status == status => {
                            if start.elapsed() > WARM_UP {
                                times.push(t.elapsed())
                            }
                        }
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            break;
                        }
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((times, e)) = t.await {
            all.extend(times);
            errors += e;
        }
    }
    let cpu = match (cpu_at_start.await.ok().flatten(), server_cpu()) {
        (Some(a), Some(b)) if !all.is_empty() => Some((b - a) / all.len() as u32),
        _ => None,
    };
    let per_sec = all.len() as f64 / RUN.as_secs_f64();
    if all.is_empty() {
        all.push(Duration::ZERO);
    }
    Load {
        per_sec,
        p50: percentile(all.clone(), 0.5),
        p99: percentile(all, 0.99),
        errors,
        cpu,
    }
}

fn print(name: &str, l: &Load) {
    println!(
        "{name:<44} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms{}{}",
        l.per_sec,
        ms(l.p50),
        ms(l.p99),
        match l.cpu {
            Some(cpu) => format!("   server CPU {:.3} ms/answer", ms(cpu)),
            None => String::new(),
        },
        if l.errors > 0 {
            format!("   ({} errors)", l.errors)
        } else {
            String::new()
        }
    );
}

/// The bare server: answers every request with the bytes it read from stdin (a JSON
/// object: status line headers and body, base16), from memory.
async fn bare(core: usize) -> Result<(), Box<dyn std::error::Error>> {
    pin_to(core);
    let mut input = String::new();
    tokio::io::stdin().read_to_string(&mut input).await?;
    let mut lines = input.lines();
    let content_type = lines.next().unwrap_or("text/html").to_string();
    let encoding = lines.next().unwrap_or("").to_string();
    let body: Vec<u8> = hex::decode(lines.next().unwrap_or(""))?;
    let body = axum::body::Bytes::from(body);
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        let content_type = content_type.clone();
        let encoding = encoding.clone();
        async move {
            let mut res = axum::response::Response::new(axum::body::Body::from(body));
            let h = res.headers_mut();
            h.insert(
                "content-type",
                content_type.parse().expect("a header value"),
            );
            if !encoding.is_empty() {
                h.insert(
                    "content-encoding",
                    encoding.parse().expect("a header value"),
                );
            }
            res
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

async fn ssr(addr: SocketAddr, cookie: &str) -> Result<(), Box<dyn std::error::Error>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (server_core, load_core) = (0, if cores > 1 { 1 } else { 0 });
    pin_to(load_core);
    let page = one(addr, "/", cookie, BROWSER).await?;
    if page.status != 200 || page.body.is_empty() {
        return Err(format!(
            "the dashboard answered {} with {} bytes",
            page.status,
            page.body.len()
        )
        .into());
    }
    let header = |name: &str| {
        page.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    // The bare server, on the server's core, answering the same bytes.
    let exe = std::env::current_exe()?;
    let mut child = tokio::process::Command::new(exe)
        .args(["bare", &server_core.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    stdin
        .write_all(
            format!(
                "{}\n{}\n{}\n",
                header("content-type"),
                header("content-encoding"),
                hex::encode(&page.body)
            )
            .as_bytes(),
        )
        .await?;
    drop(stdin);
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).await? == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let bare_addr: SocketAddr = String::from_utf8(line)?.trim().parse()?;

    println!(
        "server-side rendering: release build, loopback, server on core {server_core}, load on core {load_core}, \
         {CONNECTIONS} keep-alive connections, {} s each, Accept-Encoding: gzip, deflate, br",
        RUN.as_secs()
    );
    println!(
        "signed-in dashboard: {} bytes as sent ({})",
        page.body.len(),
        if header("content-encoding").is_empty() {
            "identity".into()
        } else {
            header("content-encoding")
        }
    );
    let dashboard = load(addr, "/", cookie, BROWSER, 200).await;
    print("signed-in dashboard (/)", &dashboard);
    let mut bare_load = load(bare_addr, "/", "", BROWSER, 200).await;
    bare_load.cpu = None; // another process

    print("bare axum, same bytes from memory", &bare_load);
    println!(
        "{:<44} {:>9.3}×",
        "dashboard / bare ceiling",
        dashboard.per_sec / bare_load.per_sec.max(1.0)
    );
    let plain = load(addr, "/", cookie, "identity", 200).await;
    print("signed-in dashboard, uncompressed", &plain);
    let sign_in = load(addr, "/signin", "", BROWSER, 200).await;
    print("sign-in page (/signin, signed out)", &sign_in);
    println!(
        "{:<44} {:>9.3}×",
        "sign-in page / bare ceiling",
        sign_in.per_sec / bare_load.per_sec.max(1.0)
    );
    let _ = child.kill().await;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("bare") => bare(args.get(1).and_then(|c| c.parse().ok()).unwrap_or(0)).await,
        Some("ssr") => match (args.get(1).and_then(|a| a.parse().ok()), args.get(2)) {
            (Some(addr), Some(cookie)) => ssr(addr, cookie).await,
            _ => Err("usage: web ssr ADDR COOKIE".into()),
        },
        _ => {
            eprintln!("web: run by scripts/bench-web.sh (`make bench-web`)");
            return;
        }
    };
    if let Err(e) = result {
        eprintln!("web: {e}");
        std::process::exit(1);
    }
}
