//! `make bench` (PostgreSQL): events per second sustained across two instances. Two
//! instances of the app, each with its own router, hub and bus listener, share one
//! PostgreSQL database (in the cluster TEST_POSTGRES_URL names). 200 people have their
//! event stream open on instance B; on instance A, 8 writers commit comments as fast as
//! they can for 10 seconds, each comment a unit of work that notifies the 10 people of
//! its track. Prints the comments committed per second on A, the notifications that
//! reached the streams on B per second, how many never arrived, and the latency from a
//! comment's commit (on A) to each of its notifications arriving on B's streams.

mod support;

use producer_dashboard::notifications::kinds::Kind;
use producer_dashboard::notifications::pipeline;
use producer_dashboard::platform::{bus, db, db::Work, testdb, AppState, Config};
use producer_dashboard::server::router;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{ms, report};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TRACKS: i64 = 20;
/// People on each track (each hears of every comment on it but their own).
const PER_TRACK: i64 = 10;
const WRITERS: usize = 8;
const RUN: Duration = Duration::from_secs(10);

async fn instance(
    url: &str,
) -> Result<(AppState, std::net::SocketAddr), Box<dyn std::error::Error>> {
    let pool = db::open(url, 8).await?;
    let state = support::state(
        pool,
        Config::for_tests(std::env::temp_dir().join("pd-bench-instances")),
    )?;
    bus::spawn_listener(
        url.to_string(),
        state.pool.clone(),
        state.hub.clone(),
        state.sync.clone(),
    )
    .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = router::build(state.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service()).await;
    });
    Ok((state, addr))
}

/// Opens an event stream (uncompressed) and waits for its first badges.
async fn open(addr: std::net::SocketAddr, token: &str) -> std::io::Result<tokio::net::TcpStream> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    let req = format!("GET /api/events HTTP/1.1\r\nHost: {addr}\r\nCookie: pd_session={token}\r\nAccept: text/event-stream\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut seen = Vec::new();
    let mut buf = vec![0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: badges") {
        let n = s.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::Error::other("stream closed"));
        }
        seen.extend_from_slice(&buf[..n]);
    }
    Ok(s)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scratch = testdb::fresh(db::Engine::Postgres).await;
    let url = scratch.pool.connect_options().database_url.to_string();
    println!(
        "Producer Dashboard: two instances on one PostgreSQL database (release build, {} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let (a, _) = instance(&url).await?;
    let (_, addr_b) = instance(&url).await?;
    let pool = &a.pool;

    // People and tracks: user (t * PER_TRACK + k) is on track t; k = 0 owns it.
    let users = TRACKS * PER_TRACK;
    for u in 1..=users {
        sqlx::query(
            "INSERT INTO users (email, display_name, password_hash, email_verified_at, created_at, updated_at)
             VALUES ($1, $2, 'x', 0, 0, 0)",
        )
        .bind(format!("user{u}@bench.test"))
        .bind(format!("User {u}"))
        .execute(pool)
        .await?;
    }
    for t in 0..TRACKS {
        let owner = t * PER_TRACK + 1;
        sqlx::query("INSERT INTO tracks (id, owner_id, title, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)")
            .bind(t + 1)
            .bind(owner)
            .bind(format!("Track {t}"))
            .execute(pool)
            .await?;
        for k in 1..PER_TRACK {
            sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, 'edit', 0)")
                .bind(t + 1)
                .bind(owner + k)
                .execute(pool)
                .await?;
        }
    }

    // Everyone's stream, on B; each reader notes when each comment's notification arrives.
    let started: Arc<Mutex<HashMap<u64, Instant>>> = Default::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Default::default();
    let arrived = Arc::new(AtomicU64::new(0));
    for u in 1..=users {
        let token =
            producer_dashboard::auth::session::create(pool, u, Some("bench"), a.clock.now_ms())
                .await?;
        let mut stream = open(addr_b, &token).await?;
        let (started, latencies, arrived) = (started.clone(), latencies.clone(), arrived.clone());
        tokio::spawn(async move {
            let mut buf = vec![0u8; 65536];
            let mut pending = String::new();
            while let Ok(n) = stream.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                pending.push_str(&String::from_utf8_lossy(&buf[..n]));
                // Each comment's message carries its number: "#<n>;".
                while let Some(at) = pending.find("\"message\":\"#") {
                    let rest = &pending[at + 12..];
                    let Some(end) = rest.find(';') else { break };
                    if let Ok(n) = rest[..end].parse::<u64>() {
                        let now = Instant::now();
                        if let Some(t) = started.lock().unwrap().get(&n) {
                            latencies.lock().unwrap().push(now - *t);
                        }
                        arrived.fetch_add(1, Ordering::Relaxed);
                    }
                    pending.drain(..at + 12 + end);
                }
            }
        });
    }
    println!(
        "{users} streams open on instance B; {WRITERS} writers on instance A for {} s",
        RUN.as_secs()
    );

    let next = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + RUN;
    let t0 = Instant::now();
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let (a, next, started) = (a.clone(), next.clone(), started.clone());
        writers.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < deadline {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let track = (n as i64 % TRACKS) + 1;
                let first = (track - 1) * PER_TRACK + 1;
                let actor = first + (n as i64 / TRACKS) % PER_TRACK;
                let everyone: Vec<i64> =
                    (first..first + PER_TRACK).filter(|u| *u != actor).collect();
                let note = pipeline::Note::new(
                    Kind::CommentAdded,
                    format!("New comment on Track {track}"),
                    format!("#{n}; on the mix"),
                )
                .on_track(track)
                .by(actor);
                let mut work = Work::begin(&a).await.expect("a unit of work");
                pipeline::emit(&mut work, &everyone, &note)
                    .await
                    .expect("emit");
                started.lock().unwrap().insert(n, Instant::now());
                work.commit().await.expect("commit");
                done += 1;
            }
            done
        }));
    }
    let mut comments = 0;
    for w in writers {
        comments += w.await?;
    }
    let writing = t0.elapsed();
    let expected = comments * (PER_TRACK as u64 - 1);
    // What is still on its way gets a moment to arrive.
    let settle = Instant::now();
    while arrived.load(Ordering::Relaxed) < expected && settle.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivered = arrived.load(Ordering::Relaxed);
    let secs = writing.as_secs_f64();
    println!(
        "{:<46} {:.0}/s ({comments} in {secs:.1} s)",
        "comments committed on A",
        comments as f64 / secs
    );
    println!(
        "{:<46} {:.0}/s ({delivered} of {expected}; {} missing)",
        "notifications arriving on B's streams",
        delivered as f64 / secs,
        expected.saturating_sub(delivered)
    );
    let lat = std::mem::take(&mut *latencies.lock().unwrap());
    if !lat.is_empty() {
        report("commit on A → event on B, at the maximum", lat);
    }

    // The same at a steady 50 comments a second (a quarter of what the machine sustains):
    // the latency a person sees when the system is not saturated.
    let mut timer = tokio::time::interval(Duration::from_millis(20));
    let paced_from = next.load(Ordering::Relaxed);
    let before = arrived.load(Ordering::Relaxed);
    for _ in 0..250 {
        timer.tick().await;
        let n = next.fetch_add(1, Ordering::Relaxed);
        let track = (n as i64 % TRACKS) + 1;
        let first = (track - 1) * PER_TRACK + 1;
        let everyone: Vec<i64> = (first + 1..first + PER_TRACK).collect();
        let note = pipeline::Note::new(
            Kind::CommentAdded,
            format!("New comment on Track {track}"),
            format!("#{n}; steady"),
        )
        .on_track(track)
        .by(first);
        let mut work = Work::begin(&a).await?;
        pipeline::emit(&mut work, &everyone, &note).await?;
        started.lock().unwrap().insert(n, Instant::now());
        work.commit().await?;
    }
    let expected = (next.load(Ordering::Relaxed) - paced_from) * (PER_TRACK as u64 - 1);
    let settle = Instant::now();
    while arrived.load(Ordering::Relaxed) - before < expected
        && settle.elapsed() < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "{:<46} {} of {expected}",
        "at 50 comments/s: notifications arrived",
        arrived.load(Ordering::Relaxed) - before
    );
    let lat = std::mem::take(&mut *latencies.lock().unwrap());
    let (_, p99) = report("commit on A → event on B, at 50 comments/s", lat);
    println!(
        "  [{}] event on another instance p99 <= 25 ms plus the database round trip: {:.1} ms",
        if ms(p99) <= 30.0 { "ok" } else { "MISSED" },
        ms(p99)
    );
    Ok(())
}
