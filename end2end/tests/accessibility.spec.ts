import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { contrast, expect, hydrated, MAYA, noCrashes, signIn, test } from "./helpers";

test.afterEach(noCrashes);

/** The WCAG A/AA violations axe finds on the page as it is now. */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function useTheme(page: Page, theme: "Light" | "Dark") {
  await page.goto("/settings/theme");
  await hydrated(page);
  await page.getByRole("radio", { name: theme }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme.toLowerCase());
}

for (const theme of ["Light", "Dark"] as const) {
  test(`${theme.toLowerCase()} theme: every text and badge meets WCAG AA (axe finds nothing)`, async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, MAYA);
    await useTheme(page, theme);
    try {
      await checkEverywhere(page);
    } finally {
      // Back to the default for the rest of the suite.
      await useTheme(page, "Light");
    }
  });
}

async function checkEverywhere(page: Page) {
    await page.goto("/");
    await hydrated(page);
    expect(await violations(page), "the dashboard").toEqual([]);
    // The header badges, drawn on the header.
    for (const name of [/^Notifications, \d+ unread$/, /^Invitations, \d+ pending$/]) {
      const badge = page.getByRole("button", { name }).locator("[aria-hidden=true]").last();
      if (await badge.count()) expect(await contrast(badge)).toBeGreaterThanOrEqual(4.5);
    }
    await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
    await expect(page.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first()).toBeVisible();
    expect(await violations(page), "the activity panel").toEqual([]);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
    await expect(page.getByRole("dialog", { name: "Invitations" })).toBeVisible();
    expect(await violations(page), "the invitations modal").toEqual([]);
    await page.keyboard.press("Escape");
    await page.getByRole("link", { name: /Golden Hour/ }).first().click();
    await expect(page.getByRole("heading", { name: "Golden Hour" })).toBeVisible();
    await hydrated(page);
    expect(await violations(page), "the track page").toEqual([]);
    for (const section of ["profile", "notifications"]) {
      await page.goto(`/settings/${section}`);
      await hydrated(page);
      expect(await violations(page), `Settings → ${section}`).toEqual([]);
    }
}
