import { test, expect, hydrated, newAccount, createTrack, invite, acceptOnlyInvite, signIn, unique, comment, openBell } from "./helpers";
import type { Browser, Page } from "@playwright/test";
import { spawn, execFileSync, ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

// Two instances of the server on one PostgreSQL database and one shared DATA_DIR, as an
// operator runs them, plus a round-robin proxy in front (one address for both). The
// database is a fresh one in the private cluster `make test-e2e` starts
// (scripts/with-postgres.sh sets TEST_POSTGRES_URL and PG_BIN).

const ADMIN_URL = process.env.TEST_POSTGRES_URL;
const PG_BIN = process.env.PG_BIN;
const ROOT = path.resolve(__dirname, "../..");
const PORTS = [3201, 3202];
const PROXY_PORT = 3200;
const url = (port: number) => `http://127.0.0.1:${port}`;

type Instance = { port: number; process: ChildProcess };
let instances: Instance[] = [];
let proxy: net.Server | undefined;
let databaseUrl = "";
let dataDir = "";
/** The instance (port) each event stream opened through the proxy went to, in order. */
const streamsTo: number[] = [];

function startInstance(port: number): Instance {
  const child = spawn(path.join(ROOT, "target/release/producer-dashboard"), [], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_ENV: "PROD",
      DEMO_SEED: "0",
      SMTP_URL: "smtp://127.0.0.1:3125",
      SYNC_KB_PER_SEC: "512",
      TRUST_PROXY: "1",
      RUST_LOG: "warn",
    },
  });
  return { port, process: child };
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const answers = (port: number) => until(async () => (await fetch(`${url(port)}/signin`)).ok, `the instance on ${port}`);

/** Hands each new connection to the next instance that accepts it (round robin). */
function roundRobin(): net.Server {
  let next = 0;
  const server = net.createServer((client) => {
    client.pause();
    const tryFrom = (attempt: number) => {
      if (attempt >= PORTS.length) return client.destroy();
      const port = PORTS[next++ % PORTS.length];
      const upstream = net.connect(port, "127.0.0.1");
      // Refused (that instance is down): the next one.
      const refused = () => tryFrom(attempt + 1);
      upstream.once("error", refused);
      upstream.once("connect", () => {
        upstream.off("error", refused);
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.once("close", () => client.destroy());
        client.once("close", () => upstream.destroy());
        // (A request starts a chunk of its own: the connection's first, or the next
        // one once the previous answer is read.)
        client.on("data", (chunk: Buffer) => {
          if (chunk.toString("latin1", 0, 16).startsWith("GET /api/events")) streamsTo.push(port);
        });
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryFrom(0);
  });
  server.listen(PROXY_PORT, "127.0.0.1");
  return server;
}

// Several people, two instances and a restart: longer than a single-server test.
test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  expect(ADMIN_URL, "run through `make test-e2e`, which starts PostgreSQL (scripts/with-postgres.sh)").toBeTruthy();
  const name = `e2e_${Date.now()}`;
  execFileSync(path.join(PG_BIN ?? "", "psql"), [ADMIN_URL!, "-qc", `CREATE DATABASE ${name}`]);
  databaseUrl = ADMIN_URL!.replace(/\/[^/]*$/, `/${name}`);
  dataDir = fs.mkdtempSync(path.join(ROOT, "end2end/.data-instances-"));
  // The first instance creates the schema; then the second joins it.
  instances = [startInstance(PORTS[0])];
  await answers(PORTS[0]);
  instances.push(startInstance(PORTS[1]));
  await answers(PORTS[1]);
  proxy = roundRobin();
});

test.afterAll(async () => {
  for (const i of instances) i.process.kill("SIGKILL");
  proxy?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const onInstance = async (browser: Browser, port: number) => browser.newContext({ baseURL: url(port) });

test("people on different instances see each other's invitation, comment and preference live", async ({ browser }) => {
  const { page: owner, email: ownerEmail } = await newAccount(browser, "Ada Alpha", await onInstance(browser, PORTS[0]), { verified: true });
  const { page: guest, email: guestEmail } = await newAccount(browser, "Ben Beta", await onInstance(browser, PORTS[1]), { verified: true });
  const track = unique("Two Rooms");
  await createTrack(owner, track);

  // The invitation is sent on the first instance and arrives live on the second.
  await invite(owner, track, guestEmail, "edit");
  await expect(guest.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  await acceptOnlyInvite(guest);
  // Its acceptance reaches the owner on the first instance.
  await openBell(owner);
  const activity = owner.getByRole("dialog", { name: "Activity" });
  await expect(activity.getByRole("listitem").filter({ hasText: "Ben Beta accepted your invitation" })).toBeVisible();
  await owner.keyboard.press("Escape");

  // A comment on the second instance reaches the owner's open bell on the first.
  await openBell(owner);
  const text = unique("Across instances");
  await comment(guest, track, text);
  await expect(activity.getByRole("listitem").filter({ hasText: text })).toBeVisible();

  // The owner's preferences, open on both instances: saved on one, shown on the other.
  const second = await (await onInstance(browser, PORTS[1])).newPage();
  await signIn(second, { email: ownerEmail, password: "fresh password" });
  for (const p of [owner, second]) {
    await p.goto("/settings/notifications");
    await hydrated(p);
  }
  const trackSwitch = (p: Page) => p.getByRole("switch", { name: "Track activity" });
  await expect(trackSwitch(second)).toBeChecked();
  await trackSwitch(owner).click({ force: true });
  await owner.getByRole("button", { name: "Save Preferences" }).click();
  await expect(owner.getByRole("status").getByText("Preferences saved.")).toBeVisible();
  await expect(trackSwitch(second)).not.toBeChecked();
});

test("an instance killed with kill -9: its people reconnect to the other and miss nothing", async ({ browser }) => {
  // Both people come through the proxy: each request and stream lands on either instance.
  const { page: owner } = await newAccount(browser, "Cleo Killjoy", await onInstance(browser, PROXY_PORT));
  const { page: guest, email: guestEmail } = await newAccount(browser, "Dev Drop", await onInstance(browser, PROXY_PORT), { verified: true });
  const track = unique("Hard Stop");
  await createTrack(owner, track);
  await invite(owner, track, guestEmail, "edit");
  await expect(guest.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  await acceptOnlyInvite(guest);
  const opened = streamsTo.length;
  await owner.goto("/");
  await hydrated(owner);
  await expect.poll(() => streamsTo.length).toBeGreaterThan(opened);
  const before = unique("Before the crash");
  await comment(guest, track, before);
  await expect(owner.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ })).toBeVisible();

  // The instance holding the owner's live stream dies without warning.
  const victim = PORTS.indexOf(streamsTo[streamsTo.length - 1]);
  const killedAt = streamsTo.length;
  instances[victim].process.kill("SIGKILL");
  await until(async () => !(await fetch(`${url(PORTS[victim])}/signin`).then(() => true, () => false)), "the instance to stop");

  // Work goes on through the proxy, on the instance that is left.
  const after = unique("After the crash");
  await comment(guest, track, after);
  await openBell(owner);
  const activity = owner.getByRole("dialog", { name: "Activity" });
  // The owner's stream reconnects, to the other instance, and brings what was written
  // meanwhile.
  await expect(activity.getByText(after)).toBeVisible({ timeout: 15_000 });
  expect(streamsTo.slice(killedAt)).toContain(PORTS[1 - victim]);
  // Nothing acknowledged before the crash was lost.
  await expect(activity.getByRole("listitem").filter({ hasText: "Dev Drop left 2 comments" })).toBeVisible();
  await owner.reload();
  await hydrated(owner);
  await owner.goto("/");
  await owner.getByRole("link", { name: new RegExp(track) }).click();
  const comments = owner.getByRole("region", { name: "Comments" }).getByRole("list", { name: "Comments" });
  await expect(comments).toContainText(before);
  await expect(comments).toContainText(after);

  // The instance comes back and takes its share again.
  instances[victim] = startInstance(PORTS[victim]);
  await answers(PORTS[victim]);
});
