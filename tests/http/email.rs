//! Email delivery through a real SMTP server on loopback (Python's aiosmtpd, installed
//! by `scripts/bootstrap.sh test`): retries with backoff, a stable Message-ID, sent once.

use super::*;
use producer_dashboard::platform::db::DbPool;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

struct SmtpServer {
    child: Child,
    maildir: PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts aiosmtpd on `port`, storing what it receives in a Maildir under `dir`.
async fn smtp_server(port: u16, dir: &std::path::Path) -> SmtpServer {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/smtp/bin/python");
    assert!(
        python.exists(),
        "the SMTP test server is missing: run scripts/bootstrap.sh test"
    );
    let maildir = dir.join("maildir");
    // Killed on drop, also if it never comes up.
    let server = SmtpServer {
        child: Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd"),
        maildir,
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not start on port {port}");
}

fn received(server: &SmtpServer) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(server.maildir.join("new")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect()
}

async fn outbox_row(app: &TestApp) -> (String, i64, String, Option<String>, i64) {
    sqlx::query_as(
        "SELECT status, attempts, message_id, last_error, next_attempt_at FROM email_outbox ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.state.pool)
    .await
    .unwrap()
}

producer_dashboard::platform::testdb::db_test! {
    async fn email_is_retried_with_backoff_and_delivered_once_with_its_message_id(pool: DbPool) {
        let port = free_port();
        let app = TestApp::with_config(pool, |c| {
            c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
            c.public_url = "https://dash.example.com".into();
        })
        .await;
        app.user("nina@example.com", "Nina").await;

        // The mail server is down: the message stays, to be tried again later.
        assert_eq!(
            producer_dashboard::platform::mail::deliver_due(&app.state)
                .await
                .unwrap(),
            0
        );
        let (status, attempts, message_id, error, next) = outbox_row(&app).await;
        assert_eq!((status.as_str(), attempts), ("pending", 1));
        assert!(error.is_some());
        let now = app.state.clock.now_ms();
        assert_eq!(
            next,
            now + producer_dashboard::platform::mail::backoff_ms(0)
        );
        // Not before its time.
        let server = smtp_server(port, &app.dir).await;
        assert_eq!(
            producer_dashboard::platform::mail::deliver_due(&app.state)
                .await
                .unwrap(),
            0
        );
        assert!(received(&server).is_empty());

        app.state
            .clock
            .advance(producer_dashboard::platform::mail::backoff_ms(0));
        assert_eq!(
            producer_dashboard::platform::mail::deliver_due(&app.state)
                .await
                .unwrap(),
            1
        );
        let (status, attempts, same_id, error, _) = outbox_row(&app).await;
        assert_eq!((status.as_str(), attempts), ("sent", 2));
        assert_eq!(same_id, message_id);
        assert!(error.is_none());
        let mails = received(&server);
        assert_eq!(mails.len(), 1);
        let mail = &mails[0];
        assert!(mail.contains("To: nina@example.com"), "{mail}");
        assert!(
            mail.contains("Subject: Verify your email address"),
            "{mail}"
        );
        assert!(
            mail.contains(&format!("Message-ID: {message_id}")),
            "{mail}"
        );
        assert!(
            mail.contains("https://dash.example.com/verify-email?token="),
            "{mail}"
        );

        // Sent once: later passes send nothing more.
        app.state.clock.advance(3_600_000);
        assert_eq!(
            producer_dashboard::platform::mail::deliver_due(&app.state)
                .await
                .unwrap(),
            0
        );
        assert_eq!(received(&server).len(), 1);

        // An address the server can never take is given up at once, and kept.
        sqlx::query(
            "INSERT INTO email_outbox (to_address, subject, body, message_id, next_attempt_at, created_at)
             VALUES ('not an address', 'x', 'y', '<bad@producer-dashboard>', 0, 0)",
        )
        .execute(&app.state.pool)
        .await
        .unwrap();
        producer_dashboard::platform::mail::deliver_due(&app.state)
            .await
            .unwrap();
        let status: String = sqlx::query_scalar(
            "SELECT status FROM email_outbox WHERE message_id = '<bad@producer-dashboard>'",
        )
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
        assert_eq!(status, "failed");
    }
}
