import type { Page } from "@playwright/test";
import { acceptOnlyInvite, expect, hydrated, newAccount, noCrashes, signIn, takeViolations, test } from "./helpers";

test.afterEach(noCrashes);

test("pages carry a nonce policy that lets the app run and stops injected script", async ({ page }) => {
  const res = await page.goto("/signin");
  const headers = res!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}' 'wasm-unsafe-eval';/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The app's own scripts and its WASM ran under the policy.
  await hydrated(page);
  // A script without the nonce does not.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.append(s);
  });
  expect(await page.evaluate(() => (window as any).__injected)).toBeUndefined();
  await expect.poll(() => takeViolations().length).toBeGreaterThan(0);
});

/** Breaks out of a <title>, a <textarea>, an attribute and a script, in 60 characters. */
const LONG = `</title></textarea>"><img src=x onerror=__x(1)><b>bold</b>`;
/** The same within the 40 characters of a key or a genre. */
const SHORT = `</textarea><svg onload=__x(2)>`;
/** A file name (without the slashes that would make it a path). */
const FILE = `<img src=x onerror=__x(3)>take.wav`;

/** Nothing from user text ran or became an element. */
async function expectInert(page: Page) {
  await hydrated(page);
  expect(await page.evaluate(() => (window as any).__ran)).toEqual([]);
  await expect(page.locator('img[src="x"], svg[onload], [onerror], b:text-is("bold")')).toHaveCount(0);
}

test("text that looks like markup stays text on every page that shows it", async ({ browser, page: maya }) => {
  const { page: xena } = await newAccount(browser, "Xena Owner");
  const { page: yuri, email: yuriEmail } = await newAccount(browser, "Yuri Guest", undefined, { verified: true });
  for (const p of [xena, yuri]) {
    await p.context().addInitScript(() => {
      (window as any).__ran = [];
      (window as any).__x = (n: number) => (window as any).__ran.push(n);
    });
  }
  const api = async (path: string, form: Record<string, string>) => {
    const res = await xena.request.post(`/api/${path}`, { form });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
    return res.json();
  };
  await api("settings/profile", { display_name: LONG });
  const project = await api("projects/create", { name: LONG });
  const created = await xena.request.post("/api/tracks/create", { multipart: { title: LONG, project_id: String(project.id) } });
  expect(created.status()).toBe(200);
  const track = String(await created.json());
  await api("tracks/metadata", { track_id: track, title: LONG, bpm: "", musical_key: SHORT, genre: SHORT, description: LONG });
  await api("tracks/comment", { track_id: track, body: LONG });
  const file = await xena.request.post("/api/tracks/files", {
    multipart: { track_id: track, file: { name: FILE, mimeType: "audio/wav", buffer: Buffer.from("RIFF") } },
  });
  expect(file.status()).toBe(200);
  await api("reminders/create", { track_id: track, remind_at: String(Date.now() + 86_400_000), note: LONG });
  await api("support/submit", { subject: LONG, body: LONG });
  await api("invitations/create", { track_id: track, email: yuriEmail, permission: "edit" });

  // The invitee: the invitation modal and the pending tile, then the bell.
  await yuri.reload();
  await expectInert(yuri);
  await yuri.getByRole("button", { name: "Invitations, 1 pending" }).click();
  const modal = yuri.getByRole("dialog", { name: "Invitations" });
  await expect(modal.getByRole("listitem").filter({ hasText: LONG }).first()).toBeVisible();
  await expect(modal).toContainText(`Sent by ${LONG}`);
  await expectInert(yuri);
  await yuri.keyboard.press("Escape");
  await yuri.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(yuri.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `${LONG} invited you to ${LONG}` })).toBeVisible();
  await expectInert(yuri);
  await yuri.keyboard.press("Escape");
  await acceptOnlyInvite(yuri);
  await api("announcements/project", { project_id: String(project.id), title: LONG, body: LONG });

  // Every page, as the owner and as the collaborator.
  for (const page of [xena, yuri]) {
    await page.goto("/");
    await expectInert(page);
    await expect(page.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: LONG }).first()).toBeVisible();
    await page.goto(`/tracks/${track}`);
    await expectInert(page);
    await expect(page).toHaveTitle(`${LONG} · Producer Dashboard`);
    await expect(page.getByRole("heading", { level: 1, name: LONG })).toBeVisible();
    await expect(page.getByRole("region", { name: "Comments" })).toContainText(LONG);
    await expect(page.getByRole("region", { name: "Files" })).toContainText(FILE);
    await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
    await expectInert(page);
    await page.keyboard.press("Escape");
  }
  await expect(xena.getByRole("region", { name: "Artwork & metadata" }).getByLabel("Description")).toHaveValue(LONG);
  await expect(xena.getByRole("region", { name: "Artwork & metadata" }).getByLabel("Genre")).toHaveValue(SHORT);
  for (const section of ["profile", "support"]) {
    await xena.goto(`/settings/${section}`);
    await expectInert(xena);
  }
  await expect(xena.getByText(LONG).first()).toBeVisible();
  // And the other side of the support ticket: the administrators' inbox.
  await signIn(maya, { email: "ops@demo.test", password: "collab1234" });
  await maya.goto("/settings/support-inbox");
  await hydrated(maya);
  await expect(maya.getByText(LONG).first()).toBeVisible();
  await expect(maya.locator('img[src="x"], svg[onload], [onerror]')).toHaveCount(0);
});

test("after ten wrong passwords, signing in pauses, says for how long, and the holder is told", async ({ browser }) => {
  const { page: holder, email } = await newAccount(browser, "Gus Guarded");
  const guesser = await (await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.7" } })).newPage();
  await guesser.goto("/signin");
  await hydrated(guesser);
  await guesser.getByLabel("Email").fill(email);
  const alert = guesser.getByRole("alert");
  for (let i = 0; i < 10; i++) {
    await guesser.getByLabel("Password").fill(`wrong guess ${i}`);
    await Promise.all([
      guesser.waitForResponse((r) => r.url().endsWith("/api/auth/sign_in")),
      guesser.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await expect(alert).toHaveText("Email or password is incorrect.");
  }
  // Even the right password waits now.
  await guesser.getByLabel("Password").fill("fresh password");
  const [res] = await Promise.all([
    guesser.waitForResponse((r) => r.url().endsWith("/api/auth/sign_in")),
    guesser.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(200);
  await expect(alert).toHaveText("Too many sign-in attempts. For your account's safety, please wait 5 minutes and try again.");
  await expect(guesser.getByRole("heading", { name: "Sign in to Producer Dashboard" })).toBeVisible();

  // The holder, signed in elsewhere, is told at once.
  await holder.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).click();
  const item = holder.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "Repeated failed sign-ins" });
  await expect(item).toBeVisible();
  await expect(item).toContainText("10 times in 5 minutes");
});
