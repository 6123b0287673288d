import type { Browser, Page } from "@playwright/test";
import {
  acceptOnlyInvite,
  comment,
  openBell,
  createTrack,
  expect,
  hydrated,
  invite,
  JORDAN,
  MAYA,
  newAccount,
  noCrashes,
  sharedTrack,
  PRIYA,
  signIn,
  test,
  unique,
  verifyEmail,
} from "./helpers";

test.afterEach(noCrashes);

async function as(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, user);
  return page;
}

/** Marks everything read, if anything is unread, so the counts that follow are exact. */
async function startFromNothingUnread(page: Page) {
  await openBell(page);
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  if (await markAll.isEnabled()) await markAll.click();
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Activity" })).toBeHidden();
}

test("a collaborator's comment reaches the owner's bell and open panel live", async ({ browser }) => {
  // Two fresh people sharing one track: the counts below are theirs alone.
  const { page: owner } = await newAccount(browser, "Olive Owner");
  const { page: collab, email: collabEmail } = await newAccount(browser, "Cole Collab", undefined, { verified: true });
  const track = unique("Golden Hour");
  await createTrack(owner, track);
  await invite(owner, track, collabEmail, "edit");
  await collab.reload();
  await hydrated(collab);
  await acceptOnlyInvite(collab);
  // Start from nothing unread ("Cole accepted your invitation" is read here). The page
  // and its live stream arrive compressed: gzip, the stream flushed event by event.
  const pageAnswer = owner.waitForResponse((r) => new URL(r.url()).pathname === "/" && r.request().resourceType() === "document");
  const streamAnswer = owner.waitForResponse((r) => new URL(r.url()).pathname === "/api/events");
  await owner.goto("/");
  await hydrated(owner);
  expect((await pageAnswer).headers()["content-encoding"]).toBe("gzip");
  expect((await streamAnswer).headers()["content-encoding"]).toBe("gzip");
  await startFromNothingUnread(owner);
  await openBell(owner);
  const panel = owner.getByRole("dialog", { name: "Activity" });
  await expect(panel).toBeVisible();

  const text = unique("Live note");
  await comment(collab, track, text);

  const item = panel.getByRole("listitem").filter({ hasText: text });
  await expect(item).toBeVisible();
  await expect(item).toContainText(`New comment on ${track}`);
  await expect(item).toContainText("just now");
  await expect(panel.getByRole("listitem").first()).toContainText(text);
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  // Announced politely to screen readers.
  await expect(owner.locator('[aria-live="polite"]').filter({ hasText: text })).toHaveCount(1);

  // Click: marked read, and the track opens with the comments widget highlighted.
  await item.getByRole("button", { name: new RegExp(`^New comment on ${track}`) }).click();
  await expect(owner).toHaveURL(/\/tracks\/\d+\?widget=comments$/);
  await expect(owner.getByRole("region", { name: "Comments" })).toHaveAttribute("data-highlighted", "true");
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();

  // Mark all as read (a stage change arrives meanwhile).
  await collab.getByRole("region", { name: "Stage" }).getByLabel("Stage", { exact: true }).selectOption({ label: "Editing" });
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await openBell(owner);
  await owner.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();

  // Dismiss without navigating; a reload keeps it dismissed.
  const url = owner.url();
  const gone = owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: text });
  await gone.getByRole("button", { name: /^Dismiss: / }).click();
  await expect(gone).toHaveCount(0);
  expect(owner.url()).toBe(url);
  await owner.reload();
  await hydrated(owner);
  await openBell(owner);
  await expect(owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first()).toBeVisible();
  await expect(owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: text })).toHaveCount(0);
  // The keyboard: arrows move between rows, Escape closes and returns focus to the bell.
  await owner.keyboard.press("ArrowDown");
  // The first row's own button (it comes before the row's Dismiss button).
  const firstRow = owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first();
  await expect(firstRow.getByRole("button").first()).toBeFocused();
  await owner.keyboard.press("Escape");
  await expect(owner.getByRole("button", { name: /^Notifications, \d+ unread$/ })).toBeFocused();
  await expect(owner.getByRole("dialog", { name: "Activity" })).toBeHidden();
});

test("a new account sees the empty state; an invite arrives live and is accepted from the feed", async ({ browser }) => {
  const { page: guest, email } = await newAccount(browser, "Gwen Guest");
  await openBell(guest);
  await expect(guest.getByText("No new notifications.")).toBeVisible();
  // Invitations reach verified addresses: Gwen opens the link she was emailed.
  await verifyEmail(guest, email);
  await openBell(guest);
  await expect(guest.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "Email address verified" })).toBeVisible();

  // A fresh inviter, so the counts below are theirs alone.
  const { page: inviter } = await newAccount(browser, "Ivy Inviter");
  await startFromNothingUnread(inviter);
  const track = unique("Saltwater");
  await createTrack(inviter, track);
  await invite(inviter, track, email, "edit");

  // Live, into the open panel and both badges.
  const item = guest.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Ivy Inviter invited you to ${track}` });
  await expect(item).toBeVisible();
  await expect(guest.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(guest.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  await item.getByRole("button", { name: "Accept Invite" }).click();
  await expect(guest.getByRole("status").getByText("Collaboration accepted — files are syncing.")).toBeVisible();
  await expect(item.getByRole("button", { name: "Accept Invite" })).toHaveCount(0);
  await expect(item).toContainText("Accepted");
  await expect(guest.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: track })).toContainText("Can edit");
  await expect(guest.getByRole("button", { name: "Invitations, 0 pending" })).toBeVisible();

  // The inviter hears of it.
  await expect(inviter.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await openBell(inviter);
  await expect(inviter.getByRole("dialog", { name: "Activity" }).getByRole("listitem").first()).toContainText("Gwen Guest accepted your invitation");
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
  // Both join one row (Jordan's comments in a row), newest first, each exactly once.
  const row = panel.getByRole("listitem").filter({ hasText: second });
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  await expect(panel.getByRole("listitem").first()).toContainText(second);
  await row.getByRole("button", { name: /^Show all \d+$/ }).click();
  const singles = row.getByRole("list").getByRole("listitem");
  await expect(singles.filter({ hasText: second })).toHaveCount(1);
  await expect(singles.filter({ hasText: first })).toHaveCount(1);
  await expect(singles.first()).toContainText(second);
  await expect(singles.nth(1)).toContainText(first);
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
  await expect(item.getByRole("img", { name: "Reminder" })).toBeVisible();
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
  await expect(item.getByRole("img", { name: "System" })).toBeVisible();
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
  await expect(item.getByRole("img", { name: "Support feedback" })).toBeVisible();
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

test("the activity panel's header stays on top and usable once the list is scrolled", async ({ browser }) => {
  // A short window, so that a handful of rows scroll.
  const small = await browser.newContext({ viewport: { width: 1000, height: 520 } });
  const { page: owner } = await newAccount(browser, "Sky Scroller", small);
  const { page: collab, email } = await newAccount(browser, "Rho Rows", undefined, { verified: true });
  const track = unique("Long Night");
  await createTrack(owner, track);
  await invite(owner, track, email, "edit");
  await collab.reload();
  await hydrated(collab);
  await acceptOnlyInvite(collab);
  // Six comments from one visit to the track.
  await comment(collab, track, unique("Row 0"));
  const comments = collab.getByRole("region", { name: "Comments" });
  for (let i = 1; i < 6; i++) {
    const text = unique(`Row ${i}`);
    await comments.getByLabel("Comment", { exact: true }).fill(text);
    await comments.getByRole("button", { name: "Post comment" }).click();
    await expect(comments.getByRole("list", { name: "Comments" })).toContainText(text);
  }
  await owner.goto("/");
  await hydrated(owner);
  await openBell(owner);
  const panel = owner.getByRole("dialog", { name: "Activity" });
  // The six comments are one row; opened in place, they make the list scroll.
  await expect(panel.getByRole("listitem")).toHaveCount(2);
  await panel.getByRole("button", { name: "Show all 6" }).click();
  await expect(panel.getByRole("listitem")).toHaveCount(8);
  // Scrolled to the end (again, if rows still settling into their sizes moved it back).
  await expect
    .poll(() =>
      panel.evaluate((el) => {
        el.scrollTo(0, el.scrollHeight);
        return el.scrollTop;
      }),
    )
    .toBeGreaterThan(50);
  // Whatever is drawn at the middle of the heading and of the mark-all button is them.
  for (const target of [panel.getByRole("heading", { name: "Activity" }), panel.getByRole("button", { name: "Mark all as read" })]) {
    const onTop = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.top >= 0 && hit !== null && el.contains(hit);
    });
    expect(onTop).toBe(true);
  }
  await panel.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
});

test("the whole notification row opens what it is about; its own buttons keep their action", async ({ browser }) => {
  const { page: owner } = await newAccount(browser, "Rowan Row");
  const { page: collab, email } = await newAccount(browser, "Tess Target", undefined, { verified: true });
  const track = unique("Wide Click");
  await createTrack(owner, track);
  await invite(owner, track, email, "edit");
  await collab.reload();
  await hydrated(collab);
  await acceptOnlyInvite(collab);
  await comment(collab, track, unique("Dismiss me"));
  await owner.goto("/");
  await hydrated(owner);
  await openBell(owner);
  const panel = owner.getByRole("dialog", { name: "Activity" });
  const accepted = panel.getByRole("listitem").filter({ hasText: "Tess Target accepted your invitation" });
  // One control opens the row (no control inside another); Snooze, More actions and
  // Dismiss are their own buttons.
  await expect(accepted.getByRole("button")).toHaveCount(4);
  await expect(accepted.getByRole("button", { name: /^Tess Target accepted your invitation/ })).toHaveCount(1);
  await expect(accepted.getByRole("button", { name: /^Snooze: / })).toHaveCount(1);
  await expect(accepted.getByRole("button", { name: /^More actions: / })).toHaveCount(1);
  await expect(accepted.getByRole("button", { name: /^Dismiss: / })).toHaveCount(1);
  await expect(accepted.locator("button button, a button, button a, a a")).toHaveCount(0);
  // The dismiss button on another row dismisses, and opens nothing.
  const other = panel.getByRole("listitem").filter({ hasText: `New comment on ${track}` });
  const url = owner.url();
  await other.getByRole("button", { name: /^Dismiss: / }).click();
  await expect(other).toHaveCount(0);
  expect(owner.url()).toBe(url);
  // A click anywhere on the row (here, on its message and on its time) opens the track.
  const box = (await accepted.getByText(/just now|\dm ago/).boundingBox())!;
  await owner.mouse.click(box.x + box.width + 40, box.y + box.height / 2);
  await expect(owner).toHaveURL(/\/tracks\/\d+\?widget=collaborators$/);
  await expect(owner.getByRole("heading", { name: track })).toBeVisible();
  await openBell(owner);
  await expect(panel.getByRole("listitem").filter({ hasText: "Tess Target accepted your invitation" }).getByRole("button", { name: /\(unread\)/ })).toHaveCount(0);
});

test("consecutive comments on a track are one row that opens in place; the badge counts it once", async ({ browser }) => {
  // Three people's pages, six comments and a reload.
  test.setTimeout(90_000);
  const { page: owner, email: ownerEmail } = await newAccount(browser, "Gia Grouped");
  const { page: collab, email } = await newAccount(browser, "Hal Helper", undefined, { verified: true });
  const track = unique("Night Drive");
  await createTrack(owner, track);
  await invite(owner, track, email, "edit");
  await collab.reload();
  await hydrated(collab);
  await acceptOnlyInvite(collab);
  // The same person on a second device (its sign-in alert is read below), its panel open too.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, { email: ownerEmail, password: "fresh password" });
  await owner.goto("/");
  await hydrated(owner);
  await startFromNothingUnread(owner);
  await openBell(owner);
  await openBell(other);
  const panel = owner.getByRole("dialog", { name: "Activity" });
  const rows = panel.getByRole("listitem");

  const notes = [unique("First take"), unique("Second take"), unique("Third take")];
  await comment(collab, track, notes[0]);
  await expect(rows.first()).toContainText(`New comment on ${track}`);
  const before = await rows.count();
  for (const note of notes.slice(1)) await comment(collab, track, note);
  // Live arrivals join their row: it counts them, shows the newest, nothing moves down.
  const group = rows.filter({ hasText: `Hal Helper left 3 comments on ${track}` });
  await expect(group).toBeVisible();
  await expect(group).toContainText(notes[2]);
  await expect(rows).toHaveCount(before);
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  // Computed from the data: the other device shows the same row, and so does a reload.
  await expect(other.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Hal Helper left 3 comments on ${track}` })).toBeVisible();
  await other.reload();
  await hydrated(other);
  await openBell(other);
  const otherGroup = other.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Hal Helper left 3 comments on ${track}` });
  await expect(otherGroup).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();

  // Opened in place: the three, newest first, each its own target.
  await group.getByRole("button", { name: "Show all 3" }).click();
  const singles = group.getByRole("list", { name: "The 3 notifications" }).getByRole("listitem");
  await expect(singles).toHaveCount(3);
  await expect(singles.first()).toContainText(notes[2]);
  await expect(singles.last()).toContainText(notes[0]);
  await singles.last().getByText(notes[0]).click();
  await expect(owner).toHaveURL(/\/tracks\/\d+\?widget=comments$/);
  // Two of the run are still unread: the row still counts once.
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();

  // Opening the row itself reads all of it, on every device.
  await openBell(owner);
  await panel.getByRole("button", { name: new RegExp(`^Hal Helper left 3 comments on ${track}`) }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(otherGroup.getByRole("button", { name: /\(unread\)/ })).toHaveCount(0);
});

test("a snoozed row leaves the feed and the badge, and comes back unread at the top at its time", async ({ browser }) => {
  test.setTimeout(90_000);
  const { owner, collab, track } = await sharedTrack(browser, "Sol Snoozer", "Tia Talker");
  await startFromNothingUnread(owner);
  await comment(collab, track, unique("Fix the intro"));
  await collab.getByRole("region", { name: "Stage" }).getByLabel("Stage", { exact: true }).selectOption({ label: "Editing" });
  await expect(owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await openBell(owner);
  const panel = owner.getByRole("dialog", { name: "Activity" });
  const commentRow = panel.getByRole("listitem").filter({ hasText: `New comment on ${track}` });
  const stageRow = panel.getByRole("listitem").filter({ hasText: `${track} moved to Editing` });

  // The four choices, in the browser's own time.
  await commentRow.getByRole("button", { name: `Snooze: New comment on ${track}` }).click();
  const menu = commentRow.getByRole("menu", { name: "Snooze until" });
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveText(["For 1 hour", /^Tonight, \d\d:00$/, "Tomorrow, 09:00", "Next week, Monday 09:00"]);
  await items.filter({ hasText: "For 1 hour" }).click();
  await expect(owner.getByRole("status").getByText("Snoozed for 1 hour.")).toBeVisible();
  await expect(commentRow).toHaveCount(0);
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  // Gone after a reload too.
  await owner.reload();
  await hydrated(owner);
  await openBell(owner);
  await expect(stageRow).toBeVisible();
  await expect(commentRow).toHaveCount(0);

  // Read the rest, then snooze the stage change for a few seconds (the same server
  // function the menu calls): it comes back live, unread, at the top.
  await owner.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  const feed = await (await owner.request.post("/api/notifications/feed", { form: {} })).json();
  const stage = feed.items.find((n: any) => n.kind === "stage_changed");
  const res = await owner.request.post("/api/notifications/snooze", { form: { group: String(stage.group.id), until: String(Date.now() + 3000) } });
  expect(res.status()).toBe(200);
  await expect(stageRow).toHaveCount(0);
  await expect(stageRow).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByRole("listitem").first()).toContainText(`${track} moved to Editing`);
  await expect(stageRow.getByRole("button", { name: /\(unread\)/ })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
});

test("when the activity cannot be loaded, the panel says so and loads it on Try again", async ({ browser }) => {
  const { page } = await newAccount(browser, "Nell Network");
  // Every request for the feed fails, as when the connection drops (the panel retries
  // twice on its own before it tells).
  let failing = true;
  let attempts = 0;
  await page.route("**/api/notifications/feed", (route) => {
    attempts++;
    return failing ? route.abort("connectionreset") : route.continue();
  });
  await openBell(page);
  const panel = page.getByRole("dialog", { name: "Activity" });
  await expect(panel.getByRole("alert")).toHaveText("Your activity could not be loaded. Check your connection and try again.");
  expect(attempts).toBe(3);
  failing = false;
  await panel.getByRole("button", { name: "Try again" }).click();
  await expect(panel.getByRole("alert")).toHaveCount(0);
  await expect(panel.getByText("No new notifications.")).toBeVisible();
});
