//! Accounts: sign-up, sign-in and sign-out, email verification, and the security
//! notices they raise (a new sign-in, repeated failures).

pub mod api;
#[cfg(feature = "ssr")]
pub mod device;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod verify;
