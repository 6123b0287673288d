import { test as base, expect, Browser, BrowserContext, Locator, Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

export { expect };

export const MAYA = { email: "maya@demo.test", password: "producer123", name: "Maya Cole" };
export const JORDAN = { email: "jordan@demo.test", password: "collab1234", name: "Jordan Reyes" };
export const PRIYA = { email: "priya@demo.test", password: "collab1234", name: "Priya Shah" };
export const SAM = { email: "sam@demo.test", password: "collab1234", name: "Sam Okafor" };

const crashes: string[] = [];
const watched = new WeakSet<Page>();

/** A Content-Security-Policy violation, as Chromium reports it on the console. */
const CSP_VIOLATION = /Content Security Policy/;

/** Records uncaught errors, panics and Content-Security-Policy violations in `page`
 *  (see `noCrashes`). Every page of every context is watched (see `test` below). */
export function watch(page: Page) {
  if (watched.has(page)) return;
  watched.add(page);
  page.on("pageerror", (e) => {
    console.log(`[browser error] ${e.message}`);
    crashes.push(e.message);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("panicked")) crashes.push(m.text().slice(0, 600));
    if (CSP_VIOLATION.test(m.text())) {
      console.log(`[csp] ${m.text()}`);
      crashes.push(`[csp] ${m.text().slice(0, 600)}`);
    }
  });
}

/** After each test: the app never panicked, threw, or broke its security policy in any page. */
export function noCrashes() {
  const seen = crashes.splice(0);
  expect(seen, "the app crashed or broke its Content-Security-Policy in the browser").toEqual([]);
}

/** Takes the policy violations recorded so far (for a test that provokes one on purpose). */
export function takeViolations(): string[] {
  const taken = crashes.filter((c) => c.startsWith("[csp]"));
  crashes.splice(0, crashes.length, ...crashes.filter((c) => !c.startsWith("[csp]")));
  return taken;
}

/** Playwright's `test`, with every page of every browser context watched. */
export const test = base.extend<{ watchEveryPage: void }>({
  page: async ({ page }, use) => {
    watch(page);
    await use(page);
  },
  watchEveryPage: [
    async ({ browser, context }, use) => {
      context.on("page", watch);
      const newContext = browser.newContext.bind(browser);
      const opened: BrowserContext[] = [];
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        ctx.on("page", watch);
        opened.push(ctx);
        return ctx;
      };
      await use();
      browser.newContext = newContext;
      // Every context a test opened is closed with it.
      await Promise.all(opened.map((ctx) => ctx.close().catch(() => {})));
    },
    { auto: true },
  ],
});

/** Waits until the WASM bundle has hydrated the page (event handlers are live). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__hydrated === true);
}

export async function signIn(page: Page, user: { email: string; password: string }) {
  watch(page);
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await hydrated(page);
}

/** A unique suffix so tests never collide on the shared server. */
export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** The Maildir of the test SMTP server (see playwright.config.ts). */
const MAILDIR = path.join(__dirname, "..", ".mail");

/** A message's text: headers, then the body decoded from quoted-printable or base64. */
function readMessage(raw: string): { headers: string; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  let body = raw.slice(split).trim();
  if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(headers)) {
    // Each =XX is a byte of UTF-8 text.
    const joined = body.replace(/=\r?\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const hex = joined[i] === "=" ? joined.slice(i + 1, i + 3) : "";
      if (/^[0-9A-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i], "utf8"));
      }
    }
    body = Buffer.from(bytes).toString("utf8");
  } else if (/Content-Transfer-Encoding:\s*base64/i.test(headers)) {
    body = Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  }
  return { headers, body };
}

/** Waits for an email to `to` whose subject contains `subject` (the server sends
 *  queued email every few seconds); returns its decoded body, newest first. */
export async function emailTo(to: string, subject: string): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        const dir = path.join(MAILDIR, "new");
        if (!fs.existsSync(dir)) return false;
        const messages = fs
          .readdirSync(dir)
          .map((f) => fs.statSync(path.join(dir, f)).mtimeMs + ":" + f)
          .sort()
          .reverse()
          .map((entry) => readMessage(fs.readFileSync(path.join(dir, entry.split(":").slice(1).join(":")), "utf8")));
        const hit = messages.find((m) => new RegExp(`^To: .*${to.replace(/[.+]/g, "\\$&")}`, "mi").test(m.headers) && m.headers.includes(subject));
        found = hit?.body ?? "";
        return !!hit;
      },
      { timeout: 20_000, message: `an email to ${to} about "${subject}"` },
    )
    .toBe(true);
  return found;
}

/** Verifies `email` as its owner does: opens the link it was emailed, and confirms. */
export async function verifyEmail(page: Page, email: string) {
  const body = await emailTo(email, "Verify your email address");
  const link = body.match(/https?:\/\/\S+\/verify-email\?token=[0-9a-f]{64}/)![0];
  await page.goto(link);
  await hydrated(page);
  await page.getByRole("button", { name: "Verify my email address" }).click();
  await expect(page.getByText(/Your email address .* is verified\./)).toBeVisible();
  await page.goto("/");
  await hydrated(page);
}

/** Signs up a fresh account in its own browser context; returns the page and the email.
 *  With `verified`, its address is verified through the emailed link (invitations reach
 *  only verified addresses). */
export async function newAccount(
  browser: Browser,
  displayName: string,
  context?: BrowserContext,
  options: { verified?: boolean; email?: string } = {},
): Promise<{ page: Page; email: string }> {
  const email = options.email ?? `${unique(displayName.split(" ")[0].toLowerCase()).replace(/\s/g, "")}@example.com`;
  const page = await (context ?? (await browser.newContext())).newPage();
  watch(page);
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Password").fill("fresh password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await hydrated(page);
  if (options.verified) await verifyEmail(page, email);
  return { page, email };
}

/** Creates a track (with artwork) from the dashboard of `page`; returns to the dashboard. */
export async function createTrack(page: Page, title: string) {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("button", { name: "New track" }).click();
  const form = page.getByRole("form", { name: "New track" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Artwork (optional image)").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
  await form.getByRole("button", { name: "Create track" }).click();
  await expect(page.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title })).toBeVisible();
}

/** Opens a track from the dashboard and invites `email` with `permission` (view, edit, full). */
export async function invite(page: Page, track: string, email: string, permission: string) {
  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(page);
  const collab = page.getByRole("region", { name: "Collaborators" });
  await collab.getByLabel("Email").fill(email);
  await collab.getByLabel("Permission").selectOption(permission);
  await collab.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(email);
}

/** Accepts the one pending invitation of `page` from the invitations modal. */
export async function acceptOnlyInvite(page: Page) {
  await page.getByRole("button", { name: "Invitations, 1 pending" }).click();
  const modal = page.getByRole("dialog", { name: "Invitations" });
  await modal.getByRole("button", { name: "Accept" }).click();
  await expect(modal.getByText("No pending invites.", { exact: true })).toBeVisible();
  await modal.getByRole("button", { name: "Close invitations" }).click();
}

/** The WCAG contrast ratio of an element's text against the background it is drawn on
 *  (its own, or the nearest ancestor's that is not transparent). */
export async function contrast(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const text = rgb(getComputedStyle(el).color);
    let node: Element | null = el;
    let bg = [255, 255, 255];
    while (node) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) {
        bg = c;
        break;
      }
      node = node.parentElement;
    }
    const [a, b] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

/** Replaces the browser's Notification API (an init script for a context) with one that
 *  records what would show on the desktop in `window.__shown`, with `permission`. */
export function fakeNotifications(permission: "granted" | "denied") {
  return (p: string) => {
    const shown: { title: string; body: string }[] = [];
    (window as any).__shown = shown;
    (window as any).Notification = class {
      static permission = p;
      static requestPermission() {
        return Promise.resolve(p);
      }
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body });
      }
    };
  };
}


/** Signs in from `page` right after one wrong password: an unusual sign-in. */
export async function signInAfterWrongPassword(page: Page, user: { email: string; password: string }) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("a wrong guess");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(page, user);
}

/** Two fresh people and a fresh track of the first, shared with the second (can edit),
 *  both back on their dashboards. `ownerContext`: where the owner signs up. */
export async function sharedTrack(browser: Browser, ownerName: string, collabName: string, ownerContext?: BrowserContext) {
  const { page: owner, email: ownerEmail } = await newAccount(browser, ownerName, ownerContext);
  const { page: collab, email } = await newAccount(browser, collabName, undefined, { verified: true });
  const track = unique(`${ownerName.split(" ")[0]}'s Song`);
  await createTrack(owner, track);
  await invite(owner, track, email, "edit");
  await collab.reload();
  await hydrated(collab);
  await acceptOnlyInvite(collab);
  await owner.goto("/");
  await hydrated(owner);
  return { owner, ownerEmail, collab, track };
}

/** Opens the activity panel from the bell. */
export async function openBell(page: Page) {
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeVisible();
}

/** Posts `text` on `track` (opened from the dashboard) and waits until it is listed. */
export async function comment(page: Page, track: string, text: string) {
  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(page);
  const comments = page.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill(text);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("list", { name: "Comments" })).toContainText(text);
}
