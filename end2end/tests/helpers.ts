import { expect, Page } from "@playwright/test";

export const MAYA = { email: "maya@demo.test", password: "producer123", name: "Maya Cole" };
export const JORDAN = { email: "jordan@demo.test", password: "collab1234", name: "Jordan Reyes" };
export const PRIYA = { email: "priya@demo.test", password: "collab1234", name: "Priya Shah" };
export const SAM = { email: "sam@demo.test", password: "collab1234", name: "Sam Okafor" };

/** Waits until the WASM bundle has hydrated the page (event handlers are live). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__hydrated === true);
}

export async function signIn(page: Page, user: { email: string; password: string }) {
  page.on("pageerror", (e) => console.log(`[browser error] ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.log(`[browser console] ${m.text().slice(0, 300)}`));
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
