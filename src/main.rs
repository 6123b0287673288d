/// The server allocates and frees many small buffers per request from several threads
/// (rendering, the database's threads); mimalloc does that with less contention than the
/// system allocator (a dashboard render spent ~15 % of its time in malloc and free).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    let result = match std::env::args().nth(1).as_deref() {
        None | Some("serve") => producer_dashboard::server::run().await,
        Some("make-admin") => match std::env::args().nth(2) {
            Some(email) => producer_dashboard::server::make_admin_command(&email).await,
            None => Err("usage: producer-dashboard make-admin EMAIL".into()),
        },
        Some(other) => {
            eprintln!(
                "producer-dashboard: unknown command {other:?}; use `serve` (default) or `make-admin EMAIL`"
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
