import type { Page } from "@playwright/test";
import { acceptOnlyInvite, contrast, createTrack, emailTo, expect, fakeNotifications, hydrated, invite, MAYA, newAccount, noCrashes, PNG, sharedTrack, signIn, signInAfterWrongPassword, test, unique, verifyEmail } from "./helpers";

test.afterEach(noCrashes);

async function openNotifications(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 2 })).toBeVisible();
}

test("preferences save, sync to another window live, and decide what arrives", async ({ browser, page: maya }) => {
  const { page: pia, email } = await newAccount(browser, "Pia Prefs", undefined, { verified: true });
  // The same person in a second window.
  const second = await (await browser.newContext()).newPage();
  await signIn(second, { email, password: "fresh password" });

  // Pia joins one of Maya's tracks.
  await signIn(maya, MAYA);
  const shared = unique("Tidepool");
  await createTrack(maya, shared);
  await invite(maya, shared, email, "edit");
  await acceptOnlyInvite(pia);

  await openNotifications(pia);
  await openNotifications(second);
  const trackSwitch = (p: Page) => p.getByRole("switch", { name: "Track activity" });
  await expect(trackSwitch(pia)).toBeChecked();
  await expect(trackSwitch(second)).toBeChecked();

  // Granular options sit behind the gear; the main switch turns the category off.
  await pia.getByRole("button", { name: "Options for Track activity" }).click();
  const options = pia.getByRole("group", { name: "Track activity options" });
  await expect(options.getByRole("checkbox", { name: "A collaborator adds or edits a comment" })).toBeChecked();
  await trackSwitch(pia).click({ force: true });
  await expect(trackSwitch(pia)).not.toBeChecked();
  await expect(options.getByRole("checkbox", { name: "A collaborator adds or edits a comment" })).toBeDisabled();
  await expect(pia.getByRole("status").getByText("You have unsaved changes.")).toBeVisible();

  // Leaving with unsaved changes asks first.
  pia.once("dialog", (d) => d.dismiss());
  await pia.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tracks" }).click();
  await expect(pia).toHaveURL(/\/settings\/notifications$/);

  await pia.getByRole("button", { name: "Save Preferences" }).click();
  await expect(pia.getByRole("status").getByText("Preferences saved.")).toBeVisible();
  await expect(pia.getByText("You have unsaved changes.")).toHaveCount(0);
  // The other window shows it without a reload.
  await expect(trackSwitch(second)).not.toBeChecked();

  // A comment (track activity, now off) does not reach Pia; an invitation (on) does.
  await maya.goto("/");
  await maya.getByRole("link", { name: new RegExp(shared) }).click();
  await hydrated(maya);
  const comments = maya.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill("Muted for Pia");
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("list", { name: "Comments" })).toContainText("Muted for Pia");
  const other = unique("Riptide");
  await createTrack(maya, other);
  await invite(maya, other, email, "view");
  await pia.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const panel = pia.getByRole("dialog", { name: "Activity" });
  await expect(panel.getByRole("listitem").filter({ hasText: `invited you to ${other}` })).toBeVisible();
  await expect(panel.getByRole("listitem").filter({ hasText: "comment" })).toHaveCount(0);
});

test("turning security alerts off asks for confirmation", async ({ browser }) => {
  const { page } = await newAccount(browser, "Sam Secure");
  await openNotifications(page);
  const system = page.getByRole("switch", { name: "System notifications" });
  await system.click({ force: true });
  const confirm = page.getByRole("alertdialog", { name: "Turn off security alerts?" });
  await expect(confirm).toContainText("We recommend keeping them on.");
  await confirm.getByRole("button", { name: "Keep them on" }).click();
  await expect(confirm).toBeHidden();
  await expect(system).toBeChecked();
  await expect(page.getByText("You have unsaved changes.")).toHaveCount(0);

  // The option itself asks too; confirmed, it is off until saved or discarded.
  await page.getByRole("button", { name: "Options for System notifications" }).click();
  const security = page.getByRole("checkbox", { name: "Security alerts (new sign-ins, password changes)" });
  await security.click();
  await confirm.getByRole("button", { name: "Turn off" }).click();
  await expect(security).not.toBeChecked();
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(security).toBeChecked();
});

test("settings sections open in place: the header stays, Back and Forward work, unsaved changes are asked about", async ({ browser }) => {
  const { page } = await newAccount(browser, "Nia Nav");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await hydrated(page);
  // A mark on this page: gone if the browser loaded another one.
  await page.evaluate(() => ((window as any).__samePage = true));
  const sections = page.getByRole("navigation", { name: "Settings sections" });
  await sections.getByRole("link", { name: "Notifications" }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole("switch", { name: "Track activity" })).toBeVisible();
  await expect(sections.getByRole("link", { name: "Notifications" })).toHaveAttribute("aria-current", "page");
  await expect(page).toHaveTitle(/Settings/);
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);

  // The form shown in place works: a change is noted, and leaving asks first.
  await page.getByRole("switch", { name: "Track activity" }).click({ force: true });
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  const asked: string[] = [];
  page.once("dialog", (d) => { asked.push(d.message()); void d.dismiss(); });
  await sections.getByRole("link", { name: "Background & Theme" }).click();
  await expect.poll(() => asked).toEqual(["You have unsaved notification preferences. Leave without saving?"]);
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByText("You have unsaved changes.")).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await sections.getByRole("link", { name: "Background & Theme" }).click();
  await expect(page.getByRole("radio", { name: "Dark" })).toBeVisible();

  // Back and Forward show each section again, still without a page load.
  await page.goBack();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole("switch", { name: "Track activity" })).toBeChecked();
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Profile", level: 2 })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole("switch", { name: "Track activity" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  await page.getByRole("switch", { name: "Track activity" }).click({ force: true });
  await page.getByRole("button", { name: "Save Preferences" }).click();
  await expect(page.getByRole("status").getByText("Preferences saved.")).toBeVisible();
});

/** Replaces the browser's Notification API with one that records what it shows. */
test("desktop notifications: opted in, a high-priority item shows on the desktop; blocked, the panel says how to fix it", async ({ browser }) => {
  const allowed = await browser.newContext();
  await allowed.addInitScript(fakeNotifications("granted"), "granted");
  const { page, email } = await newAccount(browser, "Dee Desktop", allowed);
  await openNotifications(page);
  await page.getByRole("button", { name: "Turn on desktop notifications" }).click();
  await expect(page.getByText("Desktop notifications are on in this browser.")).toBeVisible();

  // A sign-in from another browser right after a wrong password (a security alert,
  // high priority).
  const elsewhere = await (await browser.newContext()).newPage();
  await signInAfterWrongPassword(elsewhere, { email, password: "fresh password" });
  await expect.poll(() => page.evaluate(() => (window as any).__shown.map((n: any) => n.title))).toEqual(["New sign-in to your account"]);

  const blocked = await browser.newContext();
  await blocked.addInitScript(fakeNotifications("denied"), "denied");
  const other = await newAccount(browser, "Bo Blocked", blocked);
  await openNotifications(other.page);
  await expect(other.page.getByText("Your browser blocks notifications from this site.")).toBeVisible();
  await expect(other.page.getByRole("button", { name: "Turn on desktop notifications" })).toHaveCount(0);
});

test("the dark theme applies at once and is remembered", async ({ browser }) => {
  const { page } = await newAccount(browser, "Tom Theme");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Background & Theme" }).click();
  await page.getByRole("radio", { name: "Dark" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("status").getByText("Theme saved.")).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await hydrated(page);
  await expect(page.getByRole("radio", { name: "Dark" })).toBeChecked();
});

test("an avatar replaces the initials in the header, and can be removed", async ({ browser }) => {
  const { page } = await newAccount(browser, "Ava Avatar");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  const account = page.getByRole("button", { name: "Account menu for Ava Avatar" });
  // The initials are drawn by the stylesheet (the button's name already says whose it is).
  const drawn = () => account.evaluate((b) => {
    const avatar = b.querySelector(".avatar");
    return avatar ? getComputedStyle(avatar, "::before").content : "";
  });
  await expect.poll(drawn).toBe('"AA"');
  const form = page.getByRole("form", { name: "Avatar" });
  await form.getByLabel("Avatar image").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await form.getByRole("button", { name: "Upload avatar" }).click();
  await expect(page.getByRole("status").getByText("Avatar saved.")).toBeVisible();
  await expect(account.locator('img[src^="/media/avatars/"]')).toHaveAttribute("src", /\/media\/avatars\/\d+\?v=\d+/);
  // Destructive actions are red text on the page's own background, readable (WCAG AA).
  expect(await contrast(page.getByRole("button", { name: "Remove avatar" }))).toBeGreaterThanOrEqual(4.5);
  await page.getByRole("button", { name: "Remove avatar" }).click();
  await expect(page.getByRole("status").getByText("Avatar removed.")).toBeVisible();
  await expect.poll(drawn).toBe('"AA"');
});

test("Profile shows how much of the account's storage its files take", async ({ browser }) => {
  const { page } = await newAccount(browser, "Stu Storage");
  const title = unique("Demo take");
  await createTrack(page, title);
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await hydrated(page);
  const files = page.getByRole("region", { name: "Files" });
  await files.getByLabel("File to upload").setInputFiles({ name: "take.wav", mimeType: "audio/wav", buffer: Buffer.alloc(300 * 1024, 1) });
  await files.getByRole("button", { name: "Upload file" }).click();
  await expect(files.getByRole("list", { name: "Files" })).toContainText("take.wav");
  await page.goto("/settings/profile");
  const storage = page.getByRole("group", { name: "Storage" });
  await expect(storage).toContainText("300 KB of 10 GB used");
  await expect(storage.getByRole("meter", { name: "Storage used" })).toBeVisible();
});

test("notification options sit next to their labels, each on one line", async ({ browser }) => {
  const { page } = await newAccount(browser, "Lia Layout");
  await openNotifications(page);
  const channels = page.getByRole("group", { name: "Channels for Track activity" });
  for (const name of ["In-app", "Email"]) {
    const box = (await channels.getByRole("checkbox", { name }).boundingBox())!;
    const label = (await channels.getByText(name, { exact: true }).boundingBox())!;
    expect(box.width, `the ${name} checkbox is a box, not a bar`).toBeLessThan(32);
    expect(label.x - (box.x + box.width), `the ${name} label is next to its checkbox`).toBeLessThan(16);
    expect(label.height, `"${name}" stays on one line`).toBeLessThan(28);
  }
  await page.getByRole("button", { name: "Options for Track activity" }).click();
  const option = page.getByRole("group", { name: "Track activity options" }).getByRole("checkbox").first();
  expect((await option.boundingBox())!.width).toBeLessThan(32);
});

test("quiet hours: nothing pops up or is emailed but high-priority items; what arrived waits, marked", async ({ browser }) => {
  test.setTimeout(90_000);
  const quietContext = await browser.newContext();
  await quietContext.addInitScript(fakeNotifications("granted"), "granted");
  const { owner, ownerEmail, collab, track } = await sharedTrack(browser, "Qia Quiet", "Rex Rowdy", quietContext);
  // Email goes to verified addresses only.
  await verifyEmail(owner, ownerEmail);
  await openNotifications(owner);
  await owner.getByRole("button", { name: "Turn on desktop notifications" }).click();
  // Track activity by email too, and quiet hours from an hour ago to an hour from now.
  await owner.getByRole("group", { name: "Channels for Track activity" }).getByRole("checkbox", { name: "Email" }).check();
  const quiet = owner.getByRole("switch", { name: "Quiet hours" });
  await expect(quiet).not.toBeChecked();
  await quiet.click({ force: true });
  const times = owner.getByRole("group", { name: "Quiet hours times" });
  const [from, to, zone] = await owner.evaluate(() => {
    const p = (n: number) => String(n).padStart(2, "0");
    const at = (d: Date) => `${p(d.getHours())}:${p(d.getMinutes())}`;
    return [at(new Date(Date.now() - 3_600_000)), at(new Date(Date.now() + 3_600_000)), Intl.DateTimeFormat().resolvedOptions().timeZone];
  });
  await times.getByLabel("From", { exact: true }).fill(from);
  await times.getByLabel("To", { exact: true }).fill(to);
  await expect(times.getByLabel("Time zone")).toHaveValue(zone);
  await owner.getByRole("button", { name: "Save Preferences" }).click();
  await expect(owner.getByRole("status").getByText("Preferences saved.")).toBeVisible();
  // Kept: after a reload the same hours show.
  await owner.reload();
  await hydrated(owner);
  await expect(owner.getByRole("switch", { name: "Quiet hours" })).toBeChecked();
  await expect(owner.getByRole("group", { name: "Quiet hours times" }).getByLabel("From", { exact: true })).toHaveValue(from);
  await expect(owner.getByRole("group", { name: "Quiet hours times" }).getByLabel("To", { exact: true })).toHaveValue(to);

  // A comment arrives: in the feed, marked, announced to nobody, no email.
  const note = unique("Late mix note");
  await collab.goto("/");
  await collab.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(collab);
  const comments = collab.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill(note);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await owner.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const row = owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: note });
  await expect(row).toContainText("Arrived in quiet hours");
  await expect(owner.locator('[aria-live="polite"]').filter({ hasText: note })).toHaveCount(0);
  // A high-priority item still pops up: a sign-in from a new browser after a wrong password.
  const elsewhere = await (await browser.newContext()).newPage();
  await signInAfterWrongPassword(elsewhere, { email: ownerEmail, password: "fresh password" });
  await expect.poll(() => owner.evaluate(() => (window as any).__shown.map((n: any) => n.title))).toEqual(["New sign-in to your account"]);
  const alert = owner.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "New sign-in to your account" });
  await expect(alert).not.toContainText("Arrived in quiet hours");
  // Its email went out at once; the comment's waits for the end of the quiet hours.
  await emailTo(ownerEmail, "New sign-in to your account");
  await expect
    .poll(() => emailTo(ownerEmail, `New comment on ${track}`).then(() => "sent", () => "held"), { timeout: 30_000 })
    .toBe("held");
});
