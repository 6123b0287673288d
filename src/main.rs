#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    if let Err(e) = producer_dashboard::server::run().await {
        eprintln!("producer-dashboard: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate()` in lib.rs.
}
