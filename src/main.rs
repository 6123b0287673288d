#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    let result = match std::env::args().nth(1).as_deref() {
        None | Some("serve") => producer_dashboard::server::run().await,
        Some("bench") => producer_dashboard::server::bench::run().await,
        Some("bench-streams") => producer_dashboard::server::bench::hold_streams().await,
        Some("bench-auth") => producer_dashboard::server::bench_auth::run().await,
        Some("make-admin") => match std::env::args().nth(2) {
            Some(email) => producer_dashboard::server::make_admin_command(&email).await,
            None => Err("usage: producer-dashboard make-admin EMAIL".into()),
        },
        Some(other) => {
            eprintln!(
                "producer-dashboard: unknown command {other:?}; use `serve` (default), `bench`, `bench-auth` or `make-admin EMAIL`"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("producer-dashboard: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate()` in lib.rs.
}
