import { Browser, Page } from "@playwright/test";
import { test, expect, noCrashes, newAccount, createTrack, invite, unique, hydrated } from "./helpers";

// Everything the header and the activity offer works as plain links and forms: with
// JavaScript turned off, and before the app's code has arrived.

test.afterEach(noCrashes);

/** A browser with JavaScript turned off, signed in through the plain sign-in form. */
async function signedInWithoutJs(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  return page;
}

/** A fresh account (with JavaScript, for setting things up) that `inviter` invites to a
 *  new track; returns its address and the track. */
async function invited(browser: Browser, inviter: Page) {
  const { page, email } = await newAccount(browser, "Nojs Person", undefined, { verified: true });
  const track = unique("Plain");
  await createTrack(inviter, track);
  await invite(inviter, track, email, "edit");
  return { page, email, track };
}

test("without JavaScript, a wrong password shows the sign-in page with its message; the right one signs in; Sign out signs out", async ({ browser }) => {
  const { page: setup, email } = await newAccount(browser, "Plain Signin");
  await setup.context().close();
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole("heading", { name: "Sign in to Producer Dashboard" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  // An address cannot put words on the page.
  await page.goto("/signin?__path=%2Fapi%2Fauth%2Fsign_in&__err=eyJJbnZhbGlkIjoiQ2FsbCB1cyJ9");
  await expect(page.getByRole("alert")).toHaveCount(0);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("fresh password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();

  // The account menu opens Settings without JavaScript; Sign out is there.
  await page.getByRole("button", { name: /^Account menu for/ }).click();
  await expect(page).toHaveURL(/\/settings\??$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Producer Dashboard" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
});

test("without JavaScript, a sign-up with a short password says why", async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(`${unique("short").replace(/\s/g, "")}@example.com`);
  await page.getByLabel("Display name").fill("Short Password");
  // The browser's own check is what a person meets first; the server says it too.
  await page.getByLabel("Password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Create your Producer Dashboard account" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("8 characters");
});

test("without JavaScript, the bell opens the activity page: open, mark read, dismiss, mark all read", async ({ browser }) => {
  const { page: owner } = await newAccount(browser, "Plain Owner");
  const { email } = await invited(browser, owner);
  // The invitee's feed has the invitation; sign in as the invitee without JavaScript.
  const page = await signedInWithoutJs(browser, { email, password: "fresh password" });
  const bell = page.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ });
  await bell.click();
  await expect(page).toHaveURL(/\/activity\??$/);
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
  const rows = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  const invitation = rows.filter({ hasText: "invited you" }).first();
  await expect(invitation).toBeVisible();
  await expect(invitation.getByRole("button", { name: "Accept Invite" })).toBeVisible();

  const first = rows.first();
  const title = (await first.getByRole("paragraph").first().innerText()).replace(/\s*\(unread\)/, "").trim();
  await first.getByRole("button", { name: `Mark read: ${title}` }).click();
  await expect(page).toHaveURL(/\/activity\??$/);
  await expect(rows.first().getByRole("button", { name: /^Mark read:/ })).toHaveCount(0);

  const before = await rows.count();
  await rows.first().getByRole("button", { name: /^Dismiss:/ }).click();
  await expect(rows).toHaveCount(before - 1);

  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("button", { name: /^Mark read:/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
});

test("without JavaScript, a support reply's quick answers work from the activity page", async ({ browser }) => {
  const { page: setup, email } = await newAccount(browser, "Plain Ticket");
  await setup.goto("/settings/support");
  await hydrated(setup);
  const subject = unique("Plain export");
  const form = setup.getByRole("form", { name: "New support ticket" });
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("What happened?").fill("The export stops half way.");
  await form.getByRole("button", { name: "Send ticket" }).click();
  await expect(setup.getByText("Waiting for an answer").first()).toBeVisible();
  const ops = await (await browser.newContext()).newPage();
  await ops.goto("/signin");
  await hydrated(ops);
  await ops.getByLabel("Email").fill("ops@demo.test");
  await ops.getByLabel("Password").fill("collab1234");
  await ops.getByRole("button", { name: "Sign in" }).click();
  await expect(ops.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await ops.goto("/settings/support-inbox");
  await hydrated(ops);
  const reply = ops.getByRole("form", { name: `Reply to ${subject}` });
  await reply.getByLabel("Reply").fill("Fixed, please try again.");
  await reply.getByRole("button", { name: "Send reply" }).click();
  await expect(ops.getByRole("status").getByText("Reply sent.")).toBeVisible();

  const page = await signedInWithoutJs(browser, { email, password: "fresh password" });
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const row = page.getByRole("list", { name: "Notifications" }).getByRole("listitem").filter({ hasText: `Reply to your ticket: ${subject}` });
  const answers = row.getByRole("group", { name: "How is your issue now?" });
  await expect(answers.getByRole("button", { name: "Resolved" })).toHaveAttribute("aria-pressed", "false");
  await answers.getByRole("button", { name: "Resolved" }).click();
  await expect(page).toHaveURL(/\/activity/);
  await expect(answers.getByRole("button", { name: "Resolved" })).toHaveAttribute("aria-pressed", "true");
  await expect(answers.getByRole("button", { name: "Still open" })).toHaveAttribute("aria-pressed", "false");
});

test("without JavaScript, the invitations button opens the invitations page, where an invite is accepted", async ({ browser }) => {
  const { page: owner } = await newAccount(browser, "Plain Inviter");
  const { email, track } = await invited(browser, owner);
  const page = await signedInWithoutJs(browser, { email, password: "fresh password" });
  await page.getByRole("button", { name: "Invitations, 1 pending" }).click();
  await expect(page).toHaveURL(/\/invitations\??$/);
  const card = page.getByRole("listitem", { name: new RegExp(track) });
  await card.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByText("No pending invites.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Invitations, 0 pending" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: track })).toBeVisible();
  // The owner sees it accepted, live.
  await expect(owner.getByRole("button", { name: /^Notifications, [1-9]/ })).toBeVisible();
});

test("without JavaScript, Save Preferences saves the ticked boxes, and never turns security alerts off unasked", async ({ browser }) => {
  const { page: setup, email } = await newAccount(browser, "Plain Prefs");
  await setup.context().close();
  const page = await signedInWithoutJs(browser, { email, password: "fresh password" });
  await page.goto("/settings/notifications");
  const track = page.getByRole("region", { name: "Track activity" });
  const channels = () => page.getByRole("region", { name: "Track activity" }).getByRole("group", { name: "Channels for Track activity" });
  // What is saved shows before any script: in the app on, email off.
  await expect(channels().getByLabel("In-app")).toBeChecked();
  await expect(channels().getByLabel("Email")).not.toBeChecked();
  await channels().getByLabel("In-app").uncheck();
  await channels().getByLabel("Email").check();
  await page.getByRole("button", { name: "Save Preferences" }).click();
  await expect(page).toHaveURL(/\/settings\/notifications\??$/);
  await expect(channels().getByLabel("In-app")).not.toBeChecked();
  await expect(channels().getByLabel("Email")).toBeChecked();
  await expect(page.getByRole("switch", { name: "Track activity" })).toBeChecked();

  await page.getByRole("switch", { name: "System notifications" }).click({ force: true });
  await page.getByRole("button", { name: "Save Preferences" }).click();
  await expect(page.getByRole("alert")).toContainText("Security alerts stay on");
  await expect(page.getByRole("switch", { name: "System notifications" })).toBeChecked();
});

test("before the app's code arrives, the bell and the invitations button already work (no dead clicks)", async ({ page }) => {
  // The app's code is on its way (it never arrives while this holds).
  await page.route(/\.wasm$/, () => {});
  await page.goto("/signin");
  await page.getByLabel("Email").fill("maya@demo.test");
  await page.getByLabel("Password").fill("producer123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: /^Invitations, \d+ pending$/ }).click();
  await expect(page.getByRole("heading", { name: "Invitations", level: 1 })).toBeVisible();
  await page.unroute(/\.wasm$/);
  // Once interactive, the same button opens the panel in place.
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});
