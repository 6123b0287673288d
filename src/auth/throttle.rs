//! Limits guessing: wrong passwords per account and per client address, and answers
//! that an email address is taken (sign-up, change of email) per client address. After
//! `MAX_FAILURES` within `WINDOW_MS` the next attempt is refused with 429 and the time
//! to wait. Counts live in the database, so every instance of the server sees them.
//!
//! An attempt is reserved before the password is checked (count and insert in one write
//! transaction), so a burst of parallel guesses cannot all pass the check before any of
//! them is recorded. A success takes its reservation back.

use crate::error::{AppError, AppResult};
use crate::platform::db::DbPool;
use axum::http::request::Parts;

/// How far back failures count.
pub const WINDOW_MS: i64 = 5 * 60 * 1000;
/// Failures within the window after which attempts are refused.
pub const MAX_FAILURES: i64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A sign-in with a wrong password (or an unknown email).
    SignIn,
    /// An answer that an email address already belongs to an account.
    AddressTaken,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::SignIn => "sign_in",
            Scope::AddressTaken => "address_taken",
        }
    }

    fn refusal(self, wait: &str) -> String {
        match self {
            Scope::SignIn => format!(
                "Too many sign-in attempts. For your account's safety, please wait {wait} and try again."
            ),
            Scope::AddressTaken => {
                format!("Too many attempts. Please wait {wait} and try again.")
            }
        }
    }
}

/// The address the request came from: the connection's peer, or with `trust_proxy` the
/// address the proxy in front appended to `X-Forwarded-For`.
pub fn client_address(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(last) = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
        {
            return last.chars().take(64).collect();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A reserved attempt: counted as a failure unless `succeeded` takes it back.
pub struct Attempt {
    id: i64,
    /// Failures of the account within the window, this attempt included.
    pub account_failures: i64,
}

/// When failures of `column = value` next drop below the limit, if they are at it now.
async fn blocked_until(
    db: &mut crate::platform::db::DbConn,
    scope: Scope,
    column: &str,
    value: &str,
    now: i64,
) -> AppResult<Option<i64>> {
    // The MAX_FAILURES-th newest failure in the window: once it ages out, fewer remain.
    let at: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT at FROM auth_failures WHERE scope = $1 AND {column} = $2 AND at > $3
         ORDER BY at DESC LIMIT 1 OFFSET $4"
    ))
    .bind(scope.as_str())
    .bind(value)
    .bind(now - WINDOW_MS)
    .bind(MAX_FAILURES - 1)
    .fetch_optional(&mut *db)
    .await?;
    Ok(at.map(|at| at + WINDOW_MS))
}

fn wait_text(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs} second{}", if secs == 1 { "" } else { "s" }),
        _ => {
            let mins = secs.div_ceil(60);
            format!("{mins} minute{}", if mins == 1 { "" } else { "s" })
        }
    }
}

/// Reserves an attempt for `account` (if the attempt names one) from `client`, or
/// refuses it with 429 when either has had too many failures. `exempt` skips the refusal
/// (a browser already signed in to the account), not the counting.
pub async fn reserve(
    pool: &DbPool,
    scope: Scope,
    account: Option<&str>,
    client: &str,
    now: i64,
    exempt: bool,
) -> AppResult<Attempt> {
    let mut tx = crate::platform::db::begin_write(pool).await?;
    if !exempt {
        let mut until = blocked_until(&mut tx, scope, "client", client, now).await?;
        if let Some(account) = account {
            until = until.max(blocked_until(&mut tx, scope, "account", account, now).await?);
        }
        if let Some(until) = until {
            let secs = ((until - now).max(1000) as u64).div_ceil(1000);
            return Err(AppError::TooManyRequests {
                message: scope.refusal(&wait_text(secs)),
                retry_after_secs: secs,
            });
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_failures (scope, account, client, at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(scope.as_str())
    .bind(account)
    .bind(client)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let account_failures =
        match account {
            Some(account) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM auth_failures WHERE scope = $1 AND account = $2 AND at > $3",
            )
            .bind(scope.as_str())
            .bind(account)
            .bind(now - WINDOW_MS)
            .fetch_one(&mut *tx)
            .await?,
            None => 0,
        };
    tx.commit().await?;
    Ok(Attempt {
        id,
        account_failures,
    })
}

impl Attempt {
    /// The attempt succeeded: it is not a failure. After a successful sign-in the
    /// account's earlier failures are forgiven too (the client's are not).
    pub async fn succeeded(self, pool: &DbPool, forgive_account: Option<&str>) -> AppResult<()> {
        sqlx::query("DELETE FROM auth_failures WHERE id = $1")
            .bind(self.id)
            .execute(pool)
            .await?;
        if let Some(account) = forgive_account {
            sqlx::query(
                "UPDATE auth_failures SET account = NULL WHERE scope = 'sign_in' AND account = $1",
            )
            .bind(account)
            .execute(pool)
            .await?;
        }
        Ok(())
    }

    /// How many failures the account had in the window before this attempt.
    pub fn earlier_failures(&self) -> i64 {
        (self.account_failures - 1).max(0)
    }

    /// `true` when this failure is the one that reached the limit for its account.
    pub fn reached_limit(&self) -> bool {
        self.account_failures == MAX_FAILURES
    }
}

/// Reserves an answer that may say an address is taken, from the current request's
/// client (sign-up, change of email).
pub async fn reserve_address_answer(
    state: &crate::platform::AppState,
    parts: &Parts,
) -> AppResult<Attempt> {
    let client = client_address(parts, state.config.trust_proxy);
    reserve(
        &state.pool,
        Scope::AddressTaken,
        None,
        &client,
        state.clock.now_ms(),
        false,
    )
    .await
}

/// Forgets failures older than the window.
pub async fn purge(pool: &DbPool, now: i64) -> AppResult<u64> {
    Ok(sqlx::query("DELETE FROM auth_failures WHERE at <= $1")
        .bind(now - WINDOW_MS)
        .execute(pool)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::platform::testdb::db_test! {
        async fn ten_failures_block_until_the_oldest_ages_out(pool: DbPool) {
            let t0 = 1_000_000_000;
            for i in 0..MAX_FAILURES {
                let a = reserve(
                    &pool,
                    Scope::SignIn,
                    Some("a@x.co"),
                    "1.1.1.1",
                    t0 + i * 1000,
                    false,
                )
                .await
                .unwrap();
                assert_eq!(a.account_failures, i + 1);
                assert_eq!(a.reached_limit(), i + 1 == MAX_FAILURES);
            }
            // The account is blocked from any address; the address for any account.
            let t = t0 + 10_000;
            for (account, client) in [("a@x.co", "2.2.2.2"), ("b@x.co", "1.1.1.1")] {
                match reserve(&pool, Scope::SignIn, Some(account), client, t, false).await {
                    Err(AppError::TooManyRequests {
                        retry_after_secs,
                        message,
                    }) => {
                        assert_eq!(retry_after_secs, 290);
                        assert_eq!(message, "Too many sign-in attempts. For your account's safety, please wait 5 minutes and try again.");
                    }
                    other => panic!("expected 429, got {:?}", other.map(|a| a.id)),
                }
            }
            // Exempt (already signed in here): allowed, and still counted.
            let a = reserve(&pool, Scope::SignIn, Some("a@x.co"), "1.1.1.1", t, true)
                .await
                .unwrap();
            assert_eq!(a.account_failures, MAX_FAILURES + 1);
            // Another scope is counted apart.
            assert!(
                reserve(&pool, Scope::AddressTaken, None, "1.1.1.1", t, false)
                    .await
                    .is_ok()
            );
            // When the oldest failure leaves the window, one more attempt is allowed.
            let later = t0 + WINDOW_MS + 1;
            let a = reserve(
                &pool,
                Scope::SignIn,
                Some("a@x.co"),
                "3.3.3.3",
                later + 1000,
                false,
            )
            .await
            .unwrap();
            // A success forgives the account's failures.
            a.succeeded(&pool, Some("a@x.co")).await.unwrap();
            assert!(reserve(
                &pool,
                Scope::SignIn,
                Some("a@x.co"),
                "3.3.3.3",
                later + 1000,
                false
            )
            .await
            .is_ok());
            assert!(purge(&pool, t0 + 2 * WINDOW_MS).await.unwrap() > 0);
        }
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_text(1), "1 second");
        assert_eq!(wait_text(45), "45 seconds");
        assert_eq!(wait_text(60), "1 minute");
        assert_eq!(wait_text(61), "2 minutes");
        assert_eq!(wait_text(300), "5 minutes");
    }
}
