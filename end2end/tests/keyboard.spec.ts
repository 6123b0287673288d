import type { Page } from "@playwright/test";
import { expect, hydrated, newAccount, noCrashes, signIn, test, MAYA } from "./helpers";

test.afterEach(noCrashes);

/** Where keyboard focus is: the accessible name of the focused element and whether it is
 *  inside a dialog with the given name ("" for the page body). */
async function focused(page: Page, dialog?: string) {
  return page.evaluate((name) => {
    const el = document.activeElement;
    if (!el || el === document.body) return { onBody: true, inDialog: false };
    const box = el.closest('[role="dialog"], [role="alertdialog"]');
    const label = box?.getAttribute("aria-label") ?? (box?.getAttribute("aria-labelledby") ? document.getElementById(box.getAttribute("aria-labelledby")!)?.textContent : null);
    return { onBody: false, inDialog: !!box && (name === undefined || label === name) };
  }, dialog);
}

test("the account menu closes on Escape and on a click outside", async ({ page }) => {
  await signIn(page, MAYA);
  const button = page.getByRole("button", { name: "Account menu for Maya Cole" });
  await button.click();
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
  await expect(button).toBeFocused();
  await button.click();
  await expect(page.getByRole("menu")).toBeVisible();
  // A click on the page, anywhere outside the menu.
  const heading = (await page.getByRole("heading", { name: "Your tracks" }).boundingBox())!;
  await page.mouse.click(heading.x + 5, heading.y + 5);
  await expect(page.getByRole("menu")).toBeHidden();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the main menu closes on Escape and on a tap outside", async ({ page }) => {
    await signIn(page, MAYA);
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    const nav = page.getByRole("navigation", { name: "Main" });
    await menu.click();
    await expect(nav).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();
    await menu.click();
    await expect(nav).toBeVisible();
    const below = (await nav.boundingBox())!;
    await page.touchscreen.tap(20, below.y + below.height + 40);
    await expect(nav).toBeHidden();
  });
});

test("the invitations modal keeps focus inside while it is open", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
  await expect(page.getByRole("dialog", { name: "Invitations" })).toBeVisible();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await focused(page, "Invitations"), `after ${i + 1} Tab presses`).toEqual({ onBody: false, inDialog: true });
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page, "Invitations"), `after ${i + 1} Shift+Tab presses`).toEqual({ onBody: false, inDialog: true });
  }
});

test("focus stays in the activity panel after dismissing a row or marking all read", async ({ browser }) => {
  // Verifying her address gives her a notification ("Email address verified").
  const { page } = await newAccount(browser, "Fola Focus", undefined, { verified: true });
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const panel = page.getByRole("dialog", { name: "Activity" });
  const row = panel.getByRole("listitem").first();
  await expect(row).toBeVisible();
  await panel.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  expect(await focused(page, "Activity")).toEqual({ onBody: false, inDialog: true });
  await row.getByRole("button", { name: /^Dismiss: / }).focus();
  await page.keyboard.press("Enter");
  await expect(panel.getByText("No new notifications.")).toBeVisible();
  expect(await focused(page, "Activity")).toEqual({ onBody: false, inDialog: true });
});

test("the security-alerts confirmation takes focus and Escape keeps alerts on", async ({ browser }) => {
  const { page } = await newAccount(browser, "Sia Secure");
  await page.goto("/settings/notifications");
  await hydrated(page);
  const system = page.getByRole("switch", { name: "System notifications" });
  await expect(system).toBeChecked();
  await system.click({ force: true });
  const dialog = page.getByRole("alertdialog", { name: "Turn off security alerts?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep them on" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(system).toBeChecked();
  await expect(page.getByText("You have unsaved changes.")).toHaveCount(0);
});
