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
