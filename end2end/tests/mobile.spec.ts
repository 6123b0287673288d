import { test, expect } from "@playwright/test";
import { noCrashes, MAYA, signIn } from "./helpers";

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
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole("button", { name: /Notifications, \d+ unread/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invitations, 3 pending" })).toBeVisible();
});
