import type { Browser, Page } from "@playwright/test";
import { expect, hydrated, JORDAN, MAYA, newAccount, noCrashes, PRIYA, signIn, test, unique, verifyEmail } from "./helpers";

test.afterEach(noCrashes);

async function as(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, user);
  return page;
}

async function unreadCount(page: Page): Promise<number> {
  const label = await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).getAttribute("aria-label");
  return Number(label!.match(/(\d+)/)![1]);
}

async function openBell(page: Page) {
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeVisible();
}

async function comment(page: Page, track: string, text: string) {
  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(page);
  const comments = page.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill(text);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("list", { name: "Comments" })).toContainText(text);
}

test("a collaborator's comment reaches the owner's bell and open panel live", async ({ browser }) => {
  const maya = await as(browser, MAYA);
  const jordan = await as(browser, JORDAN);
  const before = await unreadCount(maya);
  await openBell(maya);
  const panel = maya.getByRole("dialog", { name: "Activity" });

  const other = unique("Earlier note");
  await comment(jordan, "Golden Hour", other);
  const text = unique("Live note");
  await comment(jordan, "Golden Hour", text);

  const item = panel.getByRole("listitem").filter({ hasText: text });
  await expect(item).toBeVisible();
  await expect(item).toContainText("New comment on Golden Hour");
  await expect(item).toContainText("just now");
  await expect(panel.getByRole("listitem").first()).toContainText(text);
  await expect(maya.getByRole("button", { name: `Notifications, ${before + 2} unread` })).toBeVisible();
  // Announced politely to screen readers.
  await expect(maya.locator('[aria-live="polite"]').filter({ hasText: text })).toHaveCount(1);

  // Click: marked read, and the track opens with the comments widget highlighted.
  await item.getByRole("button", { name: /^New comment on Golden Hour/ }).click();
  await expect(maya).toHaveURL(/\/tracks\/\d+\?widget=comments$/);
  await expect(maya.getByRole("region", { name: "Comments" })).toHaveAttribute("data-highlighted", "true");
  await expect(maya.getByRole("button", { name: `Notifications, ${before + 1} unread` })).toBeVisible();

  // Mark all as read.
  await openBell(maya);
  await maya.getByRole("button", { name: "Mark all as read" }).click();
  await expect(maya.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();

  // Dismiss without navigating; a reload keeps it dismissed.
  const url = maya.url();
  const gone = maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: text });
  await gone.getByRole("button", { name: /^Dismiss: / }).click();
  await expect(gone).toHaveCount(0);
  expect(maya.url()).toBe(url);
  await maya.reload();
  await hydrated(maya);
  await openBell(maya);
  await expect(maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first()).toBeVisible();
  await expect(maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: text })).toHaveCount(0);
  // The keyboard: arrows move between rows, Escape closes and returns focus to the bell.
  await maya.keyboard.press("ArrowDown");
  await expect(maya.getByRole("dialog", { name: "Activity" }).locator(".feed-open").first()).toBeFocused();
  await maya.keyboard.press("Escape");
  await expect(maya.getByRole("button", { name: /^Notifications, \d+ unread$/ })).toBeFocused();
  await expect(maya.getByRole("dialog", { name: "Activity" })).toBeHidden();
});

test("a new account sees the empty state; an invite arrives live and is accepted from the feed", async ({ browser }) => {
  const { page: guest, email } = await newAccount(browser, "Gwen Guest");
  await openBell(guest);
  await expect(guest.getByText("No new notifications.")).toBeVisible();
  // Invitations reach verified addresses: Gwen opens the link she was emailed.
  await verifyEmail(guest, email);
  await openBell(guest);
  await expect(guest.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "Email address verified" })).toBeVisible();

  const maya = await as(browser, MAYA);
  const before = await unreadCount(maya);
  await maya.getByRole("link", { name: /Saltwater/ }).click();
  await hydrated(maya);
  const collab = maya.getByRole("region", { name: "Collaborators" });
  await collab.getByLabel("Email").fill(email);
  await collab.getByLabel("Permission").selectOption("edit");
  await collab.getByRole("button", { name: "Send invite" }).click();
  await expect(maya.getByRole("list", { name: "Pending invitations" })).toContainText(email);

  // Live, into the open panel and both badges.
  const item = guest.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "Maya Cole invited you to Saltwater" });
  await expect(item).toBeVisible();
  await expect(guest.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(guest.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  await item.getByRole("button", { name: "Accept Invite" }).click();
  await expect(guest.getByRole("status").getByText("Collaboration accepted — files are syncing.")).toBeVisible();
  await expect(item.getByRole("button", { name: "Accept Invite" })).toHaveCount(0);
  await expect(item).toContainText("Accepted");
  await expect(guest.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: "Saltwater" })).toContainText("Can edit");
  await expect(guest.getByRole("button", { name: "Invitations, 0 pending" })).toBeVisible();

  // The inviter hears of it.
  await expect(maya.getByRole("button", { name: `Notifications, ${before + 1} unread` })).toBeVisible();
  await openBell(maya);
  await expect(maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first()).toContainText("Gwen Guest accepted your invitation");
});

test("after a dropped connection, what arrived meanwhile shows up exactly once", async ({ browser }) => {
  const maya = await as(browser, MAYA);
  const jordan = await as(browser, JORDAN);
  await openBell(maya);
  const panel = maya.getByRole("dialog", { name: "Activity" });
  await maya.context().setOffline(true);
  const first = unique("While away one");
  const second = unique("While away two");
  await comment(jordan, "Golden Hour", first);
  await comment(jordan, "Golden Hour", second);
  await maya.context().setOffline(false);
  await expect(panel.getByRole("listitem").filter({ hasText: second })).toHaveCount(1, { timeout: 20_000 });
  await expect(panel.getByRole("listitem").filter({ hasText: first })).toHaveCount(1);
  // Newest first.
  await expect(panel.getByRole("listitem").first()).toContainText(second);
});

test("a personal reminder reaches only its owner, live, at the time set", async ({ browser }) => {
  const priya = await as(browser, PRIYA);
  await openBell(priya);
  await priya.keyboard.press("Escape");
  await priya.getByRole("link", { name: /Golden Hour/ }).click();
  await hydrated(priya);
  const note = unique("Listen back");
  const soon = await priya.evaluate(() => {
    const d = new Date(Date.now() + 4000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  const form = priya.getByRole("form", { name: "Set a reminder" });
  await form.getByLabel("Remind me at").fill(soon);
  await form.getByLabel("Reminder note").fill(note);
  await form.getByRole("button", { name: "Set reminder" }).click();
  await expect(priya.getByRole("list", { name: "My reminders" })).toContainText(note);
  await openBell(priya);
  const item = priya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: note });
  await expect(item).toContainText("Reminder: Golden Hour", { timeout: 20_000 });
  await expect(item.locator(".cat-reminder")).toHaveCount(1);
});

test("an administrator's service announcement reaches everyone live", async ({ browser }) => {
  const maya = await as(browser, MAYA);
  await openBell(maya);
  const ops = await as(browser, { email: "ops@demo.test", password: "collab1234" });
  await ops.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await ops.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Announcements" }).click();
  const title = unique("Maintenance");
  const form = ops.getByRole("form", { name: "Service announcement" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Message").fill("Tonight 02:00–02:30 UTC.");
  await form.getByRole("button", { name: "Send announcement" }).click();
  await expect(ops.getByRole("status").getByText(/Announcement sent to \d+ people\./)).toBeVisible();
  const item = maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item.locator(".cat-system")).toHaveCount(1);
  // No track: clicking marks it read and the page stays.
  const url = maya.url();
  await item.getByRole("button", { name: new RegExp(`^${title}`) }).click();
  expect(maya.url()).toBe(url);
  await expect(item).not.toHaveClass(/unread/);
  // A non-administrator has no such section.
  await maya.goto("/settings");
  await expect(maya.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Announcements" })).toHaveCount(0);
});

test("a support reply arrives in the feed with quick actions that show the choice", async ({ browser }) => {
  const sam = await as(browser, { email: "sam@demo.test", password: "collab1234" });
  await sam.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await sam.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Support" }).click();
  const subject = unique("Export fails");
  const form = sam.getByRole("form", { name: "New support ticket" });
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("What happened?").fill("The WAV export stops at 80%.");
  await form.getByRole("button", { name: "Send ticket" }).click();
  await expect(sam.getByText("Waiting for an answer").first()).toBeVisible();
  await openBell(sam);

  const ops = await as(browser, { email: "ops@demo.test", password: "collab1234" });
  await ops.goto("/settings/support-inbox");
  await hydrated(ops);
  const replyForm = ops.getByRole("form", { name: `Reply to ${subject}` });
  await replyForm.getByLabel("Reply").fill("We fixed the exporter. Could you try again?");
  await replyForm.getByRole("button", { name: "Send reply" }).click();
  await expect(ops.getByRole("status").getByText("Reply sent.")).toBeVisible();

  const item = sam.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Reply to your ticket: ${subject}` });
  await expect(item).toBeVisible();
  await expect(item.locator(".cat-support")).toHaveCount(1);
  const actions = item.getByRole("group", { name: "How is your issue now?" });
  await actions.getByRole("button", { name: "Resolved" }).click();
  await expect(actions.getByRole("button", { name: "Resolved" })).toHaveAttribute("aria-pressed", "true");
  await expect(actions.getByRole("button", { name: "Still open" })).toHaveAttribute("aria-pressed", "false");
  // The choice holds after a reload.
  await sam.reload();
  await hydrated(sam);
  await openBell(sam);
  const again = sam.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: subject });
  await expect(again.getByRole("button", { name: "Resolved" })).toHaveAttribute("aria-pressed", "true");
});
