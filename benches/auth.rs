//! `producer-dashboard bench-auth`: what guessing passwords costs, measured on the real
//! router over loopback in a scratch database: how far 50 wrong passwords in a row get,
//! how fast passwords are checked, the server's memory under 64 parallel wrong sign-ins,
//! and an unrelated request's latency while 16 sign-ups hash their passwords.

mod support;

use producer_dashboard::platform::{db, Config};
use producer_dashboard::server::router;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{ms, percentile, rss_kib};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request over a fresh connection; returns the status and the response head.
async fn post(addr: SocketAddr, path: &str, body: &str, client: &str) -> (u16, String) {
    let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else {
        return (0, String::new());
    };
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         X-Forwarded-For: {client}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(req.as_bytes()).await.is_err() {
        return (0, String::new());
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let head = text.split("\r\n\r\n").next().unwrap_or("").to_string();
    (status, head)
}

fn sign_in_body(email: &str, password: &str) -> String {
    format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    )
}

/// Samples the process's memory every 5 ms while `running`, keeping the highest.
fn watch_peak(running: Arc<AtomicBool>) -> Arc<AtomicU64> {
    let peak = Arc::new(AtomicU64::new(rss_kib()));
    let p = peak.clone();
    tokio::spawn(async move {
        while running.load(Ordering::Relaxed) {
            p.fetch_max(rss_kib(), Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    peak
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("pd-bench-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let pool = db::connect(&format!("sqlite://{}/bench.db", dir.display())).await?;
    let mut config = Config::for_tests(dir.clone());
    config.trust_proxy = true;
    let state = support::state(pool.clone(), config)?;
    // Accounts to guess at (one password hash, shared: creating them is not measured).
    let hash = producer_dashboard::auth::password::hash("the right password").await?;
    for i in 0..65 {
        producer_dashboard::auth::store::create(
            &pool,
            producer_dashboard::auth::store::NewUser {
                email: &format!("user{i}@bench.test"),
                display_name: "Bench",
                password_hash: &hash,
                verified: true,
            },
            0,
        )
        .await?;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = router::build(state);
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let at_start = rss_kib();
    println!(
        "sign-in guessing, release build, loopback, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // 1. Fifty wrong passwords in a row at one account from one address, then the right one.
    let started = Instant::now();
    let (mut wrong, mut refused, mut checked_time) = (0, 0, Duration::ZERO);
    for i in 0..50 {
        let t = Instant::now();
        let (status, _) = post(
            addr,
            "/api/auth/sign_in",
            &sign_in_body("user0@bench.test", &format!("guess {i}")),
            "198.51.100.1",
        )
        .await;
        match status {
            400 => {
                wrong += 1;
                checked_time += t.elapsed();
            }
            429 => refused += 1,
            other => println!("  unexpected status {other}"),
        }
    }
    let (status, head) = post(
        addr,
        "/api/auth/sign_in",
        &sign_in_body("user0@bench.test", "the right password"),
        "198.51.100.2",
    )
    .await;
    let retry = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("retry-after:"))
        .map(|l| l[12..].trim().to_string())
        .unwrap_or_default();
    println!(
        "50 wrong passwords in a row                    {wrong} answered \"incorrect\", {refused} refused (429) in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    println!("then the right password, from another address  {status} (Retry-After {retry} s)");
    println!(
        "passwords checked per second (one client)      {:.0}",
        wrong as f64 / checked_time.as_secs_f64().max(1e-9)
    );

    // 2. Memory: 64 parallel wrong sign-ins, four rounds, each a different account and address.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib();
    let running = Arc::new(AtomicBool::new(true));
    let peak = watch_peak(running.clone());
    let started = Instant::now();
    let mut statuses = std::collections::BTreeMap::new();
    for round in 0..4 {
        let tasks: Vec<_> = (1..=64)
            .map(|i| {
                tokio::spawn(post(
                    addr,
                    "/api/auth/sign_in",
                    sign_in_body(&format!("user{i}@bench.test"), &format!("wrong {round}")).leak(),
                    format!("203.0.113.{i}").leak(),
                ))
            })
            .collect();
        for t in tasks {
            *statuses.entry(t.await?.0).or_insert(0) += 1;
        }
    }
    let burst = started.elapsed();
    running.store(false, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "64 parallel wrong sign-ins x 4 rounds          {:.2} s, statuses {statuses:?}",
        burst.as_secs_f64()
    );
    println!(
        "server memory: at start {:.0} MB, before {:.0} MB, peak {:.0} MB, 2 s after {:.0} MB   (target: peak < 300 MB)",
        at_start as f64 / 1024.0,
        before as f64 / 1024.0,
        peak.load(Ordering::Relaxed) as f64 / 1024.0,
        rss_kib() as f64 / 1024.0
    );

    // 3. An unrelated request (who am I, signed out) alone, then during 16 parallel sign-ups.
    let sample = |n: usize| async move {
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            post(addr, "/api/auth/me", "", "192.0.2.1").await;
            v.push(t.elapsed());
        }
        v
    };
    let idle = sample(200).await;
    let busy = Arc::new(AtomicBool::new(true));
    let signups: Vec<_> = (0..16)
        .map(|w| {
            let busy = busy.clone();
            tokio::spawn(async move {
                let mut n = 0;
                while busy.load(Ordering::Relaxed) {
                    let body = format!(
                        "email=w{w}n{n}%40bench.test&display_name=Bench&password=long+enough+password"
                    );
                    post(addr, "/api/auth/sign_up", &body, &format!("192.0.2.{}", 10 + w)).await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let loaded = sample(200).await;
    busy.store(false, Ordering::Relaxed);
    let mut made = 0;
    for s in signups {
        made += s.await?;
    }
    println!(
        "unrelated request (auth/me), idle             p50 {:.2} ms   p99 {:.2} ms",
        ms(percentile(idle.clone(), 0.5)),
        ms(percentile(idle, 0.99))
    );
    println!(
        "  during 16 parallel sign-ups ({made} made)     p50 {:.2} ms   p99 {:.2} ms",
        ms(percentile(loaded.clone(), 0.5)),
        ms(percentile(loaded, 0.99))
    );
    pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("auth benchmark: {e}");
        std::process::exit(1);
    }
}
