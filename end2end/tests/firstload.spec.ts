import { test, expect, noCrashes, signIn, MAYA, hydrated, newAccount, createTrack, sharedTrack, unique } from "./helpers";
import type { Page } from "@playwright/test";

// Pages are rendered on the server; what reacts in the browser ships as code. The first
// load carries what the page needs to be interactive (the header's panels, the live
// stream and the sending of forms follow once it is), every page stays within its byte
// budget, moving to another page takes its HTML only (the
// code comes from the browser's cache), and the live stream of the next page starts
// where its HTML left off.

test.afterEach(noCrashes);

/** The app's code files the page fetched: when each started (ms from navigation),
 *  its bytes as sent, and whether it came over the network. */
async function codeFetched(page: Page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\/pkg\/.*\.(wasm|js)$/.test(e.name))
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return { name: r.name.split("/").pop()!, start: r.startTime, sent: r.encodedBodySize, network: r.transferSize > 0 };
      }),
  );
}

/** What a page downloaded before it was interactive: its files and their bytes as sent. */
async function initialLoad(page: Page) {
  const hydratedAt = await page.evaluate(() => (window as any).__hydrated_at as number);
  const first = (await codeFetched(page)).filter((f) => f.start <= hydratedAt);
  return { names: first.map((f) => f.name), bytes: first.reduce((a, f) => a + f.sent, 0) };
}

test("the first load carries what makes the page interactive; the header's panels come once it is", async ({ page }) => {
  await signIn(page, MAYA);
  await page.goto("/");
  await hydrated(page);
  const { names } = await initialLoad(page);
  expect(names.some((n) => /^producer-dashboard\..*\.wasm$/.test(n)), names.join(", ")).toBe(true);
  // (The activity panel, the invitations modal, the preferences form, the live stream,
  // sending a form in place.)
  for (const part of ["mount_panel", "mount_dialog", "split_start", "connect", "submit"]) {
    expect(names.filter((n) => n.includes(part)), `${part} is not part of the first load`).toEqual([]);
  }
  // Once interactive, what the header opens and the live stream's code are fetched.
  for (const part of ["mount_panel", "mount_dialog", "connect", "submit"]) {
    await expect
      .poll(async () => (await codeFetched(page)).filter((f) => f.name.includes(part)).length, { message: `${part} is prefetched` })
      .toBeGreaterThan(0);
  }
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
  await expect(page.getByRole("dialog", { name: "Invitations" })).toBeVisible();
});

/** The most a page may download, as sent (brotli), before it is interactive. */
const BUDGET = 150_000;

test(`no page downloads more than ${BUDGET / 1000} KB of code before it is interactive`, async ({ browser }) => {
  const { page } = await newAccount(browser, "Bud Budget");
  const track = unique("Budget");
  await createTrack(page, track);
  const href = await page.getByRole("link", { name: new RegExp(track) }).getAttribute("href");
  const ctx = page.context();
  for (const path of ["/", href!, "/settings/profile", "/settings/notifications", "/settings/theme", "/activity", "/invitations"]) {
    // A fresh browser each time: nothing from the cache.
    const fresh = await browser.newContext({ storageState: await ctx.storageState() });
    const p = await fresh.newPage();
    await p.goto(path);
    await hydrated(p);
    const { names, bytes } = await initialLoad(p);
    expect(bytes, `${path}: ${names.join(", ")}`).toBeLessThanOrEqual(BUDGET);
    await fresh.close();
  }
  const signedOut = await browser.newContext();
  const p = await signedOut.newPage();
  await p.goto("/signin");
  await hydrated(p);
  expect((await initialLoad(p)).bytes).toBeLessThanOrEqual(BUDGET);
});

test("moving to another page downloads its HTML only, and its live stream misses nothing", async ({ browser }) => {
  const { owner, collab, track } = await sharedTrack(browser, "Page Mover", "Page Poster");
  await owner.getByRole("link", { name: new RegExp(track) }).click();
  await expect(owner.getByRole("heading", { level: 1, name: track })).toBeVisible();
  await hydrated(owner);
  // The code came from the browser's cache.
  const again = await codeFetched(owner);
  expect(again.length).toBeGreaterThan(0);
  expect(again.filter((f) => f.network).map((f) => f.name)).toEqual([]);

  // A comment posted right as the page changes still reaches the other page's badge.
  await owner.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await owner.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await owner.keyboard.press("Escape");
  await collab.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(collab);
  const comments = collab.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill(unique("Across pages"));
  await Promise.all([
    owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tracks" }).click(),
    comments.getByRole("button", { name: "Post comment" }).click(),
  ]);
  await expect(owner.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
});

test("a page opened directly is interactive with its own code (the preferences form)", async ({ page }) => {
  await signIn(page, MAYA);
  await page.goto("/settings/notifications");
  await hydrated(page);
  // Interactive: a change is flagged at once.
  await page.getByRole("region", { name: "Track activity" }).getByRole("group", { name: "Channels for Track activity" }).getByLabel("Email").click();
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(page.getByText("You have unsaved changes.")).toHaveCount(0);
});
