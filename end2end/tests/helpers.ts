import { test as base, expect, Browser, BrowserContext, Page } from "@playwright/test";

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
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        ctx.on("page", watch);
        return ctx;
      };
      await use();
      browser.newContext = newContext;
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

/** Signs up a fresh account in its own browser context; returns the page and the email. */
export async function newAccount(browser: Browser, displayName: string, context?: BrowserContext): Promise<{ page: Page; email: string }> {
  const email = `${unique(displayName.split(" ")[0].toLowerCase()).replace(/\s/g, "")}@example.com`;
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
