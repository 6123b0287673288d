//! The platform every feature stands on (server side): configuration, clock, database
//! pool and transactions, the realtime hub, the email outbox transport, uploads, the
//! cross-site guard and security headers, bundle assets, tokens, and the state that
//! carries them. It imports no feature.

pub mod assets;
pub mod bus;
pub mod clock;
pub mod compress;
pub mod config;
pub mod db;
pub mod hub;
pub mod mail;
pub mod security;
pub mod sql;
pub mod state;
pub mod testdb;
pub mod tokens;
pub mod upload;

pub use clock::Clock;
pub use config::Config;
pub use state::AppState;
