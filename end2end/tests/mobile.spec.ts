import { expect, hydrated, MAYA, noCrashes, signIn, test } from "./helpers";

test.afterEach(noCrashes);

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("on a phone the navigation collapses behind a menu button", async ({ page }) => {
  await signIn(page, MAYA);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(nav).toBeHidden();
  // The grid reflows to fit the screen: no horizontal scrolling.
  await page.goto("/");
  // (A phone widens its layout to fit content that is too wide: compare with the screen.)
  await hydrated(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByRole("button", { name: /Notifications, \d+ unread/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Invitations, \d+ pending$/ })).toBeVisible();
});

test("on a phone the invitations modal fits the screen and its actions are reachable", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
  const modal = page.getByRole("dialog", { name: "Invitations" });
  await expect(modal).toBeVisible();
  const box = await modal.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  const card = modal.getByRole("list", { name: "Pending invites" }).getByRole("listitem").first();
  await expect(card.getByRole("button", { name: "Accept" })).toBeInViewport();
  await expect(card.getByRole("button", { name: "Dismiss" })).toBeInViewport();
  await page.keyboard.press("Escape");
  await expect(modal).toBeHidden();
});

test("on a phone the settings sections sit behind a menu button", async ({ page }) => {
  await signIn(page, MAYA);
  await page.goto("/settings");
  await hydrated(page);
  const sections = page.getByRole("navigation", { name: "Settings sections" });
  await expect(sections).toBeHidden();
  await page.getByRole("button", { name: "Sections" }).click();
  await sections.getByRole("link", { name: "Notifications" }).click();
  await expect(sections).toBeHidden();
  await expect(page.getByRole("heading", { name: "Notifications", level: 2 })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Track activity" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

for (const [width, height] of [[390, 844], [320, 640]]) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test("the activity panel fits the screen, titles and icons in full", async ({ page }) => {
      await signIn(page, MAYA);
      await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
      const panel = page.getByRole("dialog", { name: "Activity" });
      await expect(panel.getByRole("listitem").first()).toBeVisible();
      const box = (await panel.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      const icon = (await panel.getByRole("listitem").first().getByRole("img").first().boundingBox())!;
      expect(icon.x).toBeGreaterThanOrEqual(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  });
}

for (const width of [320, 390, 430]) {
  test(`no page scrolls sideways at ${width} px`, async ({ browser }) => {
    const page = await (await browser.newContext({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true })).newPage();
    await signIn(page, MAYA);
    const wide = async (where: string) => {
      await hydrated(page);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, `${where} is ${scroll - width} px wider than the screen`).toBeLessThanOrEqual(width);
    };
    await wide("the dashboard");
    await page.getByRole("link", { name: /Golden Hour/ }).first().click();
    await expect(page.getByRole("heading", { name: "Golden Hour" })).toBeVisible();
    await wide("the track page");
    for (const section of ["profile", "notifications", "support"]) {
      await page.goto(`/settings/${section}`);
      await wide(`Settings → ${section}`);
    }
    // Many categories with unread counts: their row scrolls, the page does not.
    await page.goto("/activity");
    await wide("the activity page");
  });
}
