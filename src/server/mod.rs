//! The server's composition root: start-up, the router, background tasks and the demo
//! seed. It imports the features; nothing imports it.

pub mod events;
pub mod router;
pub mod seed;
pub mod tasks;

use crate::platform::{assets, db, AppState, Clock, Config};

use std::sync::Arc;

/// Starts the server: configuration, database, demo seed, router, listener.
pub async fn run() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let leptos_options = leptos::config::get_configuration(Some("Leptos.toml"))
        .or_else(|_| leptos::config::get_configuration(None))?
        .leptos_options;
    let addr = leptos_options.site_addr;
    let config = Config::from_env(addr);
    std::fs::create_dir_all(config.uploads_dir())?;
    if let Some(path) = config
        .database_url
        .strip_prefix("sqlite://")
        .or(config.database_url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let pool = db::connect(&config.database_url).await?;
    let clock = Clock::system();
    let pkg = std::path::Path::new(leptos_options.site_root.as_ref())
        .join(leptos_options.site_pkg_dir.as_ref());
    tokio::task::spawn_blocking(move || {
        let files = assets::precompress(&pkg);
        tracing::info!("bundle: {files} files precompressed");
    });
    let state = AppState {
        leptos_options,
        pool,
        clock,
        config: Arc::new(config),
        hub: Default::default(),
        sync: Default::default(),
        analysis: Default::default(),
    };
    if crate::notifications::store::regroup_if_needed(&state.pool).await? {
        tracing::info!("grouped the notifications written before the feed grouped them");
    }
    if state.config.demo_seed {
        match seed::seed_if_empty(&state).await? {
            true => tracing::info!("seeded the demo workspace"),
            false => tracing::info!("database has data: demo seed skipped"),
        }
    }
    if db::Engine::of(&state.pool) == db::Engine::Postgres {
        crate::platform::bus::spawn_listener(
            state.config.database_url.clone(),
            state.pool.clone(),
            state.hub.clone(),
            state.sync.clone(),
        )
        .await?;
    }
    tasks::spawn(state.clone(), std::time::Duration::from_secs(5));
    crate::tracks::sync::spawn(state.clone()).await?;
    crate::tracks::waveforms::spawn(state.clone()).await?;
    let app = router::build(state);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("Producer Dashboard is running on http://{addr}");
    println!(
        "Demo sign-in: {} / {}",
        seed::DEMO_EMAIL,
        seed::DEMO_PASSWORD
    );
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// `producer-dashboard make-admin EMAIL`: lets that account post service announcements.
pub async fn make_admin_command(email: &str) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env("127.0.0.1:3000".parse()?);
    let pool = db::connect(&config.database_url).await?;
    if crate::auth::store::make_admin(&pool, email).await? {
        println!("{email} is now an administrator.");
        Ok(())
    } else {
        Err(format!("no account uses {email}").into())
    }
}
