import { defineConfig, devices } from "@playwright/test";

// The real server binary (built by `cargo leptos build`) on a fresh, seeded database,
// sending its email to a real SMTP server on loopback (aiosmtpd, installed by
// scripts/bootstrap.sh), which keeps every message in a Maildir the tests read.
const PORT = 3100;
export const BASE_URL = `http://127.0.0.1:${PORT}`;
const SMTP_PORT = 3125;
export const MAILDIR = "end2end/.mail";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: [
  {
    command: `rm -rf ${MAILDIR} && exec .tools/smtp/bin/python -m aiosmtpd -n -l 127.0.0.1:${SMTP_PORT} -c aiosmtpd.handlers.Mailbox ${MAILDIR}`,
    cwd: "..",
    port: SMTP_PORT,
    reuseExistingServer: !!process.env.PW_REUSE,
    timeout: 30_000,
  },
  {
    command: "rm -rf end2end/.data && exec ./target/release/producer-dashboard",
    cwd: "..",
    url: `${BASE_URL}/signin`,
    reuseExistingServer: !!process.env.PW_REUSE,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      DATA_DIR: "end2end/.data",
      DATABASE_URL: "sqlite://end2end/.data/e2e.db",
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_ENV: "PROD",
      DEMO_SEED: "1",
      // Slow enough that a shared file visibly syncs.
      SYNC_KB_PER_SEC: "512",
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      // Tests that provoke the sign-in throttle come from their own address
      // (X-Forwarded-For), so they never lock the rest of the suite out.
      TRUST_PROXY: "1",
      RUST_LOG: "warn",
    },
  },
  ],
});
