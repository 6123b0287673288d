import type { Browser, Page } from "@playwright/test";
import { comment, expect, hydrated, noCrashes, openBell, sharedTrack, test } from "./helpers";

// Triage in the inbox: filters in the bell's panel (remembered by the browser) and on
// the activity page (in its address, working without JavaScript).

test.afterEach(noCrashes);

/** An owner with two rows in their feed: "… accepted your invitation" (Collaboration)
 *  and the collaborator's comment on the shared track (Workflow), both unread. */
async function ownerWithTwoKinds(browser: Browser) {
  const shared = await sharedTrack(browser, "Fay Filter", "Cole Comment");
  await comment(shared.collab, shared.track, "The bridge needs air");
  await shared.owner.goto("/");
  await hydrated(shared.owner);
  await expect(shared.owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  return shared;
}

function panel(page: Page) {
  return page.getByRole("dialog", { name: "Activity" });
}

function rows(page: Page) {
  return panel(page).getByRole("list", { name: "Notifications" }).getByRole("listitem");
}

test("the panel filters by category, with unread counts, by track and unread only; the choice is remembered", async ({ browser }) => {
  const { owner, collab, track } = await ownerWithTwoKinds(browser);
  await openBell(owner);
  const filters = panel(owner).getByRole("group", { name: "Filters" });
  await expect(rows(owner)).toHaveCount(2);
  await expect(filters.getByRole("button", { name: "Workflow 1 unread" })).toBeVisible();
  await expect(filters.getByRole("button", { name: "Collaboration 1 unread" })).toBeVisible();
  await expect(filters.getByRole("button", { name: "Support feedback", exact: true })).toBeVisible();

  await filters.getByRole("button", { name: /^Workflow/ }).click();
  await expect(filters.getByRole("button", { name: /^Workflow/ })).toHaveAttribute("aria-pressed", "true");
  await expect(rows(owner)).toHaveCount(1);
  await expect(rows(owner).first()).toContainText("The bridge needs air");

  // Live while filtered: a new comment joins the row; nothing of another category shows.
  await comment(collab, track, "And the kick is late");
  await expect(rows(owner).first()).toContainText("And the kick is late");
  await expect(rows(owner)).toHaveCount(1);

  // A category with nothing in it says which filter is on, and clears.
  await filters.getByRole("button", { name: "Deadline", exact: true }).click();
  await expect(panel(owner).getByText("Nothing here with these filters: Deadline.")).toBeVisible();
  await panel(owner).getByRole("button", { name: "Clear filters" }).click();
  await expect(rows(owner)).toHaveCount(2);

  // Unread only: a row read elsewhere leaves the next view of it.
  await rows(owner).filter({ hasText: "accepted" }).getByRole("button", { name: /accepted/ }).first().click();
  await owner.waitForURL(/\/tracks\//);
  await owner.goto("/");
  await hydrated(owner);
  await openBell(owner);
  await panel(owner).getByRole("button", { name: "Unread only" }).click();
  await expect(rows(owner)).toHaveCount(1);
  await expect(rows(owner).first()).toContainText("And the kick is late");

  // By track, typed ahead (with Unread only still on: both rows are about the track).
  const field = panel(owner).getByLabel("Track");
  await field.fill(track.slice(0, -2));
  await field.press("Enter");
  await expect(field).toHaveValue(track);
  await expect(rows(owner)).toHaveCount(1);
  await panel(owner).getByRole("button", { name: "Unread only" }).click();
  await expect(rows(owner)).toHaveCount(2);
  await field.fill("");
  await field.press("Enter");
  await field.fill("No such song at all");
  await field.press("Enter");
  await expect(panel(owner).getByText("No notifications are about a track called “No such song at all”.")).toBeVisible();

  // Remembered by this browser: the panel opens with the same filter after a reload.
  await panel(owner).getByRole("button", { name: /^Workflow/ }).click();
  await owner.reload();
  await hydrated(owner);
  await openBell(owner);
  await expect(panel(owner).getByRole("button", { name: /^Workflow/ })).toHaveAttribute("aria-pressed", "true");
  await expect(rows(owner)).toHaveCount(1);
});

test("the activity page's filters live in its address and work without JavaScript", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  const state = await owner.context().storageState();
  const ctx = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await ctx.newPage();
  await page.goto("/activity");
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  const categories = page.getByRole("navigation", { name: "Categories" });
  await categories.getByRole("link", { name: "Workflow 1 unread" }).click();
  await expect(page).toHaveURL(/\/activity\?category=workflow$/);
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(categories.getByRole("link", { name: /^Workflow/ })).toHaveAttribute("aria-current", "page");

  // Unread only and a track, from the form; the view is an address to bookmark.
  const form = page.getByRole("form", { name: "Filter activity" });
  await form.getByLabel("Unread only").check();
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/category=workflow/);
  await expect(page).toHaveURL(/unread=1/);
  await expect(list.getByRole("listitem")).toHaveCount(1);

  await page.goto("/activity?category=deadline");
  await expect(page.getByText("Nothing here with these filters: Deadline.")).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(list.getByRole("listitem")).toHaveCount(2);

  // A bookmarked view that no longer makes sense says why.
  const res = await page.goto("/activity?category=gossip");
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("There is no category “gossip”.");
});

test("on a 390 px phone the filters fit the panel and scroll sideways, never the page", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  await owner.setViewportSize({ width: 390, height: 780 });
  await openBell(owner);
  const filters = panel(owner).getByRole("group", { name: "Filters" });
  const support = filters.getByRole("button", { name: "Support feedback", exact: true });
  await support.scrollIntoViewIfNeeded();
  await support.click();
  await expect(panel(owner).getByText("Nothing here with these filters: Support feedback.")).toBeVisible();
  const overflow = await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(panel(owner).getByLabel("Track")).toBeInViewport();
});

test("on a 320 px phone the selection bar and the Undo toast fit, and their buttons are reachable", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  await owner.setViewportSize({ width: 320, height: 640 });
  await openBell(owner);
  for (const box of await rows(owner).getByRole("checkbox", { name: /^Select: / }).all()) await box.check();
  const bar = panel(owner).getByRole("toolbar", { name: "Selected notifications" });
  for (const name of ["Mark read", "Dismiss", "Snooze selected", "Clear selection"]) {
    await expect(bar.getByRole("button", { name })).toBeInViewport();
  }
  await bar.getByRole("button", { name: "Dismiss" }).click();
  const undo = owner.getByRole("status").getByRole("button", { name: "Undo" });
  await expect(undo).toBeInViewport();
  const overflow = await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await undo.click();
  await expect(rows(owner)).toHaveCount(2);

  // The activity page at 320 px: its categories scroll in their row, its selection form
  // and a row's More fit; the page never scrolls sideways.
  await owner.goto("/activity");
  await hydrated(owner);
  const list = owner.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  await list.first().getByText("More", { exact: true }).click();
  for (const name of ["For 1 hour", "For a week"]) await expect(list.first().getByRole("button", { name })).toBeInViewport();
  for (const name of ["Mark selected as read", "Dismiss selected", "Snooze selected"]) {
    await expect(owner.getByRole("button", { name })).toBeInViewport();
  }
  expect(await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("mute a track from a row's menu: its activity stops; Settings → Notifications lists it and unmutes it", async ({ browser }) => {
  const { owner, collab, track } = await ownerWithTwoKinds(browser);
  await openBell(owner);
  const row = rows(owner).filter({ hasText: "The bridge needs air" });
  await row.getByRole("button", { name: /^More actions:/ }).click();
  await row.getByRole("menuitem", { name: `Mute ${track}` }).click();
  await expect(owner.getByText(`${track} is muted: its activity will not notify you.`)).toBeVisible();

  // Nothing of the muted track arrives; the badge stays where it was.
  await owner.keyboard.press("Escape");
  await comment(collab, track, "Muted, so unheard");
  await owner.waitForTimeout(1_500);
  await expect(owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();

  // The track's page says so.
  await owner.goto("/");
  await owner.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(owner);
  await expect(owner.getByText("Muted", { exact: true })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Unmute" })).toBeVisible();

  // Unmuted from the settings, the next comment arrives live.
  await owner.goto("/settings/notifications");
  await hydrated(owner);
  const muted = owner.getByRole("list", { name: "Muted tracks" });
  await expect(muted.getByRole("listitem")).toHaveCount(1);
  await muted.getByRole("button", { name: `Unmute ${track}` }).click();
  await expect(owner.getByText("No muted tracks.", { exact: false })).toBeVisible();
  await comment(collab, track, "Heard again");
  await openBell(owner);
  await expect(rows(owner).filter({ hasText: "Heard again" })).toHaveCount(1);
});

test("a track page mutes and unmutes, and another window of the same person follows", async ({ browser }) => {
  const { owner, track } = await ownerWithTwoKinds(browser);
  const other = await owner.context().newPage();
  for (const p of [owner, other]) {
    await p.goto("/");
    await p.getByRole("link", { name: new RegExp(track) }).click();
    await hydrated(p);
  }
  await owner.getByRole("button", { name: `Mute ${track}` }).click();
  await expect(owner.getByText("Muted", { exact: true })).toBeVisible();
  await expect(other.getByText("Muted", { exact: true })).toBeVisible();
  await other.getByRole("button", { name: "Unmute" }).click();
  await expect(owner.getByRole("button", { name: `Mute ${track}` })).toBeVisible();
});

test("dismiss, Mark all as read and snooze each offer Undo; the Dismissed view restores; another window follows", async ({ browser }) => {
  test.setTimeout(90_000);
  const { owner } = await ownerWithTwoKinds(browser);
  // The same person in a second window.
  const other = await owner.context().newPage();
  await other.goto("/");
  await hydrated(other);
  await openBell(owner);
  const commentRow = rows(owner).filter({ hasText: "The bridge needs air" });
  const undo = owner.getByRole("status").getByRole("button", { name: "Undo" });

  // Dismiss, then Undo: the row is back in its place, here and in the other window.
  await commentRow.getByRole("button", { name: /^Dismiss: / }).click();
  await expect(commentRow).toHaveCount(0);
  await expect(owner.getByRole("status").getByText(/^Dismissed: /)).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await undo.click();
  await expect(commentRow).toBeVisible();
  await expect(rows(owner)).toHaveCount(2);
  await expect(owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();

  // Mark all as read, then Undo: both unread again.
  await panel(owner).getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(owner.getByRole("status").getByText("Marked all as read.")).toBeVisible();
  await undo.click();
  await expect(owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(commentRow.getByRole("button", { name: /\(unread\)/ })).toBeVisible();

  // Snooze, then Undo: back at once, not in an hour.
  await commentRow.getByRole("button", { name: /^Snooze: / }).click();
  await commentRow.getByRole("menuitem", { name: "For 1 hour" }).click();
  await expect(commentRow).toHaveCount(0);
  await expect(owner.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await undo.click();
  await expect(commentRow).toBeVisible();
  await expect(owner.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();

  // Undo is offered for 5 seconds; after that the Dismissed view has the row.
  await commentRow.getByRole("button", { name: /^Dismiss: / }).click();
  await expect(commentRow).toHaveCount(0);
  await expect(undo).toHaveCount(0, { timeout: 8_000 });
  await panel(owner).getByRole("link", { name: "Dismissed" }).click();
  await expect(owner.getByRole("heading", { name: "Dismissed" })).toBeVisible();
  await hydrated(owner);
  await expect(owner.getByText("Dismissed notifications are kept for 30 days, then deleted.")).toBeVisible();
  const dismissed = owner.getByRole("list", { name: "Dismissed notifications" }).getByRole("listitem");
  await expect(dismissed).toHaveCount(1);
  await expect(dismissed.first()).toContainText("The bridge needs air");
  await dismissed.first().getByRole("button", { name: /^Restore: / }).click();
  await expect(owner.getByRole("status").getByText("Restored to your activity.")).toBeVisible();
  await expect(owner.getByText("Nothing dismissed in the last 30 days.")).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await other.getByRole("button", { name: "Notifications, 2 unread" }).click();
  await expect(rows(other).filter({ hasText: "The bridge needs air" })).toBeVisible();
});

test("the Dismissed view restores without JavaScript", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  await openBell(owner);
  await rows(owner).filter({ hasText: "The bridge needs air" }).getByRole("button", { name: /^Dismiss: / }).click();
  await expect(rows(owner)).toHaveCount(1);
  const state = await owner.context().storageState();
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await plain.newPage();
  await page.goto("/activity");
  await page.getByRole("link", { name: "Dismissed" }).click();
  const dismissed = page.getByRole("list", { name: "Dismissed notifications" }).getByRole("listitem");
  await expect(dismissed).toHaveCount(1);
  await dismissed.first().getByRole("button", { name: /^Restore: / }).click();
  await expect(page.getByText("Nothing dismissed in the last 30 days.")).toBeVisible();
  await page.goto("/activity");
  await expect(page.getByRole("list", { name: "Notifications" }).getByRole("listitem")).toHaveCount(2);
  await plain.close();
});

test("select several rows (a tick, then Shift-click for the range) and act on them together; another window follows", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  const other = await owner.context().newPage();
  await other.goto("/");
  await hydrated(other);
  await openBell(owner);
  const boxes = rows(owner).getByRole("checkbox", { name: /^Select: / });
  await expect(boxes).toHaveCount(2);
  await boxes.first().click();
  await boxes.last().click({ modifiers: ["Shift"] });
  const bar = panel(owner).getByRole("toolbar", { name: "Selected notifications" });
  await expect(bar.getByText("2 selected")).toBeVisible();
  await bar.getByRole("button", { name: "Clear selection" }).click();
  await expect(bar).toHaveCount(0);
  await expect(boxes.first()).not.toBeChecked();

  // Shift-click with nothing ticked before ticks the one; then the range from it.
  await boxes.last().click();
  await boxes.first().click({ modifiers: ["Shift"] });
  await expect(boxes.first()).toBeChecked();
  await bar.getByRole("button", { name: "Dismiss" }).click();
  await expect(rows(owner)).toHaveCount(0);
  await expect(owner.getByRole("status").getByText("Dismissed 2 notifications.")).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await owner.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await expect(rows(owner)).toHaveCount(2);
  await expect(other.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();

  // Mark read together: the badge here and in the other window.
  for (const box of await boxes.all()) await box.check();
  await bar.getByRole("button", { name: "Mark read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(bar).toHaveCount(0);

  // Snooze together, from the bar's menu.
  for (const box of await boxes.all()) await box.check();
  await bar.getByRole("button", { name: "Snooze selected" }).click();
  await bar.getByRole("menuitem", { name: "For 1 hour" }).click();
  await expect(rows(owner)).toHaveCount(0);
  await expect(owner.getByRole("status").getByText("Snoozed 2 notifications for 1 hour.")).toBeVisible();
});

test("keyboard only: j/k move, x selects, u toggles Unread only, ? lists the shortcuts, e dismisses, s snoozes, m mutes; never while typing", async ({ browser }) => {
  const { owner, collab, track } = await ownerWithTwoKinds(browser);
  await comment(collab, track, "Second thought on the bridge");
  await owner.getByRole("button", { name: /^Notifications, \d+ unread$/ }).focus();
  await owner.keyboard.press("Enter");
  await expect(panel(owner)).toBeVisible();
  await expect(rows(owner)).toHaveCount(2);
  const said = (text: string) => expect(owner.getByText(text, { exact: true })).toBeAttached();

  await owner.keyboard.press("j");
  await expect(rows(owner).first().getByRole("button").first()).toBeFocused();
  await owner.keyboard.press("x");
  await said("1 selected.");
  await owner.keyboard.press("j");
  await owner.keyboard.press("x");
  await said("2 selected.");
  await expect(panel(owner).getByRole("toolbar", { name: "Selected notifications" }).getByText("2 selected")).toBeVisible();
  await owner.keyboard.press("k");
  await owner.keyboard.press("x");
  await said("1 selected.");
  await panel(owner).getByRole("button", { name: "Clear selection" }).click();

  // Not while typing: the keys go into the track field.
  const field = panel(owner).getByLabel("Track");
  await field.focus();
  await owner.keyboard.type("xeu");
  await expect(field).toHaveValue("xeu");
  await expect(panel(owner).getByRole("button", { name: "Unread only" })).toHaveAttribute("aria-pressed", "false");
  await field.fill("");

  await owner.keyboard.press("Escape");
  await openBell(owner);
  await owner.keyboard.press("?");
  const help = panel(owner).getByRole("region", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByText("Mute its track")).toBeVisible();
  await owner.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await expect(panel(owner)).toBeVisible();

  await owner.keyboard.press("u");
  await said("Unread only is on.");
  await expect(panel(owner).getByRole("button", { name: "Unread only" })).toHaveAttribute("aria-pressed", "true");
  await owner.keyboard.press("u");
  await said("Unread only is off.");

  // s on the comment row opens its snooze menu at its first choice.
  const commentRow = rows(owner).filter({ hasText: "Second thought on the bridge" });
  await commentRow.getByRole("button").first().focus();
  await owner.keyboard.press("s");
  await expect(commentRow.getByRole("menuitem", { name: "For 1 hour" })).toBeFocused();
  await owner.keyboard.press("Enter");
  await expect(commentRow).toHaveCount(0);
  await owner.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await expect(commentRow).toBeVisible();

  // m mutes the row's track.
  await commentRow.getByRole("button").first().focus();
  await owner.keyboard.press("m");
  await expect(owner.getByRole("status").getByText(`${track} is muted: its activity will not notify you.`)).toBeVisible();

  // e dismisses; focus goes to the row that takes its place.
  await commentRow.getByRole("button").first().focus();
  await owner.keyboard.press("e");
  await expect(commentRow).toHaveCount(0);
  await expect(rows(owner).first().getByRole("button").first()).toBeFocused();
});

test("the activity page by keyboard: j/k move, x selects, s snoozes, m mutes, e dismisses (each with Undo), u toggles Unread only, ? lists the shortcuts", async ({ browser }) => {
  const { owner, track } = await ownerWithTwoKinds(browser);
  await owner.goto("/activity");
  await hydrated(owner);
  const list = owner.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  const live = owner.locator("#live-region");
  await expect(list).toHaveCount(2);
  await owner.keyboard.press("x");
  await expect(live).toHaveText("Move to a notification first with j or k.");
  await owner.keyboard.press("j");
  await expect(list.first().getByRole("link").first()).toBeFocused();
  await owner.keyboard.press("j");
  await expect(list.last().getByRole("link").first()).toBeFocused();
  await owner.keyboard.press("k");
  await expect(list.first().getByRole("link").first()).toBeFocused();

  // x ticks the row (the selection form acts on it).
  await owner.keyboard.press("x");
  await expect(list.first().getByRole("checkbox", { name: /^Select: / })).toBeChecked();
  await expect(live).toHaveText("1 selected.");
  await owner.keyboard.press("x");
  await expect(list.first().getByRole("checkbox", { name: /^Select: / })).not.toBeChecked();

  await owner.keyboard.press("?");
  const help = owner.getByRole("region", { name: "Keyboard shortcuts" });
  await expect(help.getByText("Snooze it (choose for how long)")).toBeVisible();
  await owner.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  // s opens the row's snooze choices at the first; Undo brings the row back.
  await list.first().getByRole("link").first().focus();
  await owner.keyboard.press("s");
  await expect(list.first().getByRole("button", { name: "For 1 hour" })).toBeFocused();
  await owner.keyboard.press("Enter");
  await expect(owner.getByText("Snoozed for 1 hour.")).toBeVisible();
  await expect(list).toHaveCount(1);
  await owner.getByRole("button", { name: "Undo" }).click();
  await expect(list).toHaveCount(2);

  // m mutes the row's track.
  const commentRow = list.filter({ hasText: "The bridge needs air" });
  await commentRow.getByRole("link").first().focus();
  await owner.keyboard.press("m");
  await expect(owner.getByText(`${track} is muted: its activity will not notify you.`)).toBeVisible();

  // e dismisses, said once the server answered, with Undo.
  await commentRow.getByRole("link").first().focus();
  await owner.keyboard.press("e");
  await expect(owner.getByText("Dismissed.", { exact: true })).toBeVisible();
  await expect(list).toHaveCount(1);
  await owner.getByRole("button", { name: "Undo" }).click();
  await expect(list).toHaveCount(2);

  // The page's Mark all as read offers Undo too.
  await owner.getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByText("Marked all as read.")).toBeVisible();
  await expect(list.filter({ hasText: "(unread)" })).toHaveCount(0);
  await owner.getByRole("button", { name: "Undo" }).click();
  await expect(list.filter({ hasText: "(unread)" })).toHaveCount(2);

  await list.first().getByRole("link").first().focus();
  await owner.keyboard.press("u");
  await owner.waitForURL(/unread=1/);
  await expect(owner.getByRole("checkbox", { name: "Unread only" })).toBeChecked();
});

test("the activity page selects, snoozes and dismisses without JavaScript", async ({ browser }) => {
  const { owner } = await ownerWithTwoKinds(browser);
  const state = await owner.context().storageState();
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: state });
  const page = await plain.newPage();
  await page.goto("/activity");
  const list = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  await expect(list).toHaveCount(2);
  // Nothing ticked: a sentence, nothing changes.
  await page.getByRole("button", { name: "Snooze selected" }).click();
  await expect(page.getByRole("alert")).toHaveText("Select between 1 and 200 notifications.");
  await list.filter({ hasText: "The bridge needs air" }).getByRole("checkbox", { name: /^Select: / }).check();
  await page.getByLabel("Snooze for").selectOption({ label: "Until tomorrow" });
  await page.getByRole("button", { name: "Snooze selected" }).click();
  await expect(list).toHaveCount(1);
  await expect(list).not.toContainText("The bridge needs air");
  // A row's own snooze, behind More.
  await list.first().getByText("More").click();
  await list.first().getByRole("button", { name: "For a week" }).click();
  await expect(page.getByText("No new notifications.")).toBeVisible();
  await plain.close();
});

