//! Scratch databases for tests and benchmarks: a fresh, migrated database for each test,
//! on either engine. SQLite: a file in the temporary directory, removed afterwards.
//! PostgreSQL: a new database in the cluster `TEST_POSTGRES_URL` names (an administrator
//! URL, `postgres://user@host:port/postgres`), copied from a migrated template; `make
//! test` starts a private cluster for the run and sets it.
//!
//! `db_test!` writes a store or HTTP test once and runs it on both engines: the test
//! `name(pool: DbPool)` becomes `name::sqlite` and `name::postgres`.

use super::db::{self, DbPool, Engine};
use sqlx::{Connection, Executor};
use std::path::PathBuf;

/// A fresh database; dropping it removes what it left on disk (SQLite).
pub struct TestDb {
    pub pool: DbPool,
    file: Option<PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = file.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

/// A fresh database on `engine`, migrated.
pub async fn fresh(engine: Engine) -> TestDb {
    let db = unmigrated(engine).await;
    if engine == Engine::Sqlite {
        db::migrator(engine)
            .run(&db.pool)
            .await
            .expect("migrating a test database");
    }
    db
}

/// A fresh database on `engine`: SQLite's empty, PostgreSQL's copied from the migrated
/// template (a test of the migrations themselves uses SQLite).
pub async fn unmigrated(engine: Engine) -> TestDb {
    // What the server logs (a failure's cause) shows with the failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn,sqlx=error")
        .with_test_writer()
        .try_init();
    let name = format!("pd_t_{}", &super::tokens::new_token()[..16]);
    match engine {
        Engine::Sqlite => {
            let file = std::env::temp_dir().join(format!("{name}.db"));
            let pool = db::open(&format!("sqlite://{}", file.display()), 4)
                .await
                .expect("opening a SQLite test database");
            TestDb {
                pool,
                file: Some(file),
            }
        }
        Engine::Postgres => {
            let admin = postgres_admin_url();
            let template = postgres_template(&admin).await;
            let mut conn = sqlx::AnyConnection::connect(&admin)
                .await
                .expect("connecting to TEST_POSTGRES_URL");
            retry_while_in_use(
                &mut conn,
                &format!("CREATE DATABASE {name} TEMPLATE {template}"),
            )
            .await
            .expect("creating a PostgreSQL test database");
            let _ = conn.close().await;
            let pool = db::open(&with_database(&admin, &name), 4)
                .await
                .expect("opening a PostgreSQL test database");
            TestDb { pool, file: None }
        }
    }
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TEST_POSTGRES_URL is not set: run the tests with `make test-rust` (or \
             `scripts/with-postgres.sh cargo test --features ssr`), which starts a \
             private PostgreSQL cluster for them"
        )
    })
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The migrated template test databases are copied from, named after the migrations so a
/// changed migration makes a new one; the first test to need it builds it (others wait
/// on an advisory lock).
async fn postgres_template(admin: &str) -> String {
    sqlx::any::install_default_drivers();
    let digest = db::migrator(Engine::Postgres).iter().fold(0u64, |h, m| {
        m.checksum.iter().fold(h ^ m.version as u64, |h, b| {
            h.rotate_left(5) ^ u64::from(*b)
        })
    });
    let template = format!("pd_tpl_{digest:016x}");
    let mut conn = sqlx::AnyConnection::connect(admin)
        .await
        .expect("connecting to TEST_POSTGRES_URL");
    conn.execute("SELECT pg_advisory_lock(7461)").await.unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut conn)
        .await
        .unwrap();
    if exists.is_none() {
        let building = format!("{template}_build");
        conn.execute(format!("DROP DATABASE IF EXISTS {building}").as_str())
            .await
            .unwrap();
        conn.execute(format!("CREATE DATABASE {building}").as_str())
            .await
            .unwrap();
        let pool = db::open(&with_database(admin, &building), 1).await.unwrap();
        db::migrator(Engine::Postgres)
            .run(&pool)
            .await
            .expect("migrating the PostgreSQL template");
        pool.close().await;
        // Nothing else may be in it while it is renamed (a closed pool's session can
        // linger a moment).
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(&building)
        .execute(&mut conn)
        .await
        .unwrap();
        retry_while_in_use(
            &mut conn,
            &format!("ALTER DATABASE {building} RENAME TO {template}"),
        )
        .await
        .expect("naming the migrated template");
    }
    conn.execute("SELECT pg_advisory_unlock(7461)")
        .await
        .unwrap();
    let _ = conn.close().await;
    template
}

/// Runs `sql` (a statement PostgreSQL refuses while another session is in the database it
/// names), trying again for up to 5 s: a closed pool's sessions take a moment to end.
async fn retry_while_in_use(conn: &mut sqlx::AnyConnection, sql: &str) -> Result<(), sqlx::Error> {
    for _ in 0..50 {
        match conn.execute(sql).await {
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55006") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            other => return other.map(|_| ()),
        }
    }
    conn.execute(sql).await.map(|_| ())
}

/// The longest a database test may take: one that waits on something that never comes
/// fails, naming itself, instead of holding up the whole run.
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs a test's body, failing it if it takes longer than [`TEST_LIMIT`].
pub async fn within_limit(body: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_LIMIT, body).await.is_err() {
        panic!("the test did not finish within {} s", TEST_LIMIT.as_secs());
    }
}

/// Writes a database test once for both engines: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* async fn $name:ident($pool:ident: $ty:ty $(,)?) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($pool: $ty) $body

            #[tokio::test]
            async fn sqlite() {
                let db = $crate::platform::testdb::fresh($crate::platform::db::Engine::Sqlite).await;
                $crate::platform::testdb::within_limit(body(db.pool.clone())).await;
            }

            #[tokio::test]
            async fn postgres() {
                let db = $crate::platform::testdb::fresh($crate::platform::db::Engine::Postgres).await;
                $crate::platform::testdb::within_limit(body(db.pool.clone())).await;
            }
        }
    };
}

pub use db_test;
