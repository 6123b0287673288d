import { test, expect, noCrashes, signIn, MAYA, hydrated } from "./helpers";

// The first load carries the dashboard only; every other page's code comes on demand
// (fetched once the page is idle), and opening it stays inside the page.

test.afterEach(noCrashes);

/** The app's code files the page fetched, with when each started (ms from navigation). */
async function codeFetched(page: import("@playwright/test").Page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => /\/pkg\/.*\.(wasm|js)$/.test(e.name))
      .map((e) => ({ name: e.name.split("/").pop()!, start: e.startTime })),
  );
}

test("a page that loads on demand opens by client-side navigation, and the live stream stays open", async ({ page }) => {
  await signIn(page, MAYA);
  // A fresh load of the dashboard.
  await page.goto("/");
  await hydrated(page);
  const hydratedAt = await page.evaluate(() => (window as any).__hydrated_at as number);
  const first = (await codeFetched(page)).filter((f) => f.start <= hydratedAt).map((f) => f.name);
  expect(first.some((n) => /^producer-dashboard\..*\.wasm$/.test(n)), first.join(", ")).toBe(true);
  for (const page_ of ["track_view", "settings_view", "sign_in_view", "feed_panel", "invitations_dialog"]) {
    expect(first.filter((n) => n.includes(page_)), `${page_} is not part of the first load`).toEqual([]);
  }

  // Once idle, the other pages' code is fetched in the background.
  await expect
    .poll(async () => (await codeFetched(page)).map((f) => f.name).filter((n) => n.includes("track_view")).length, {
      message: "the track page's code is prefetched while idle",
    })
    .toBeGreaterThan(0);

  // Opening a track stays in the page: no reload, the same event stream.
  await page.evaluate(() => ((window as any).__samePage = true));
  const streams = () => page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/events")).length);
  const streamsBefore = await streams();
  await page.getByRole("list", { name: "Tracks" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/tracks\/\d+/);
  await expect(page.getByRole("region", { name: "Collaborators" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  // The page works (its code ran): Settings, another page on demand, and back.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tracks" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  expect(await streams()).toBe(streamsBefore);
  // The bell's panel and the invitations modal, whose code also comes on demand.
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
  await expect(page.getByRole("dialog", { name: "Invitations" })).toBeVisible();
});

test("a page opened directly hydrates with its own code (the first load of a page on demand)", async ({ page }) => {
  await signIn(page, MAYA);
  await page.goto("/settings/notifications");
  await hydrated(page);
  // Interactive: a change is flagged at once.
  await page.getByRole("region", { name: "Track activity" }).getByRole("group", { name: "Channels for Track activity" }).getByLabel("Email").click();
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(page.getByText("You have unsaved changes.")).toHaveCount(0);
});
