import { comment, emailTo, expect, hydrated, openBell, sharedTrack, test, verifyEmail } from "./helpers";

// Email digests: chosen per category in Settings → Notifications, gathered by the
// server, and read from the real SMTP server the tests run.

test("an hourly digest: chosen in settings, grouped by track without what was read, received by email, and unsubscribed from its link", async ({ browser }) => {
  test.setTimeout(120_000);
  const { owner, ownerEmail, collab, track } = await sharedTrack(browser, "Dana Digest", "Cole Commenter");
  await verifyEmail(owner, ownerEmail);

  // Track activity by email, as an hourly digest.
  await owner.goto("/settings/notifications");
  await hydrated(owner);
  await owner.getByRole("group", { name: "Channels for Track activity" }).getByRole("checkbox", { name: "Email" }).check();
  const when = owner.getByRole("combobox", { name: "How often Track activity is sent" });
  await expect(when).toHaveValue("track:immediately");
  await when.selectOption({ label: "Hourly digest" });
  const digest = owner.getByRole("group", { name: "Daily digest time" });
  await digest.getByRole("combobox", { name: "Daily digest at" }).selectOption({ label: "18:00" });
  await owner.getByRole("button", { name: "Save Preferences" }).click();
  await expect(owner.getByRole("status").getByText("Preferences saved.")).toBeVisible();

  // Three comments and a stage change; the first is read in the app before the digest.
  const first = "Digest note one";
  await comment(collab, track, first);
  await owner.goto("/");
  await hydrated(owner);
  await openBell(owner);
  await owner.getByRole("dialog", { name: "Activity" }).getByRole("button", { name: "Mark all as read" }).click();
  await expect(owner.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await comment(collab, track, "Digest note two");
  await comment(collab, track, "Digest note three");
  const stage = collab.getByRole("region", { name: "Stage" });
  await stage.getByLabel("Stage", { exact: true }).selectOption({ label: "Ready to Post" });
  await expect(collab.getByRole("status").getByText("Stage updated.")).toBeVisible();

  // Nothing went one by one; the settings page says what waits and sends it now.
  await owner.goto("/settings/notifications");
  await hydrated(owner);
  const next = owner.getByRole("group", { name: "Your next digest" });
  await expect(next).toContainText("4 updates wait for your next digest.");
  await next.getByRole("button", { name: "Send my digest now" }).click();
  await expect(owner.getByRole("status").getByText("Your digest is on its way.")).toBeVisible();
  await expect(next).toHaveCount(0);

  const body = await emailTo(ownerEmail, "Your hourly digest: 3 updates on");
  expect(body).toContain(`${track}: 2 comments from Cole Commenter, stage → Ready to Post`);
  expect(body).toContain("1 update you already read in Producer Dashboard is left out.");
  await expect
    .poll(() => emailTo(ownerEmail, `New comment on ${track}`).then(() => "sent", () => "none"), { timeout: 25_000 })
    .toBe("none");

  // The unsubscribe link asks once, then the digests stop.
  const link = body.match(/https?:\/\/\S+\/digest\/unsubscribe\?token=[0-9a-f]{64}/)![0];
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(link);
  await hydrated(reader);
  await reader.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(reader.getByText("You are unsubscribed: no more digest emails will come.")).toBeVisible();
  // The settings open in the person's own window show it live.
  await expect(owner.getByRole("group", { name: "Channels for Track activity" }).getByRole("checkbox", { name: "Email" })).not.toBeChecked();
  await expect(owner.getByRole("combobox", { name: "How often Track activity is sent" })).toHaveValue("track:immediately");
});

test("digest choices without JavaScript: a daily digest at an hour in a time zone", async ({ browser }) => {
  const { owner } = await sharedTrack(browser, "Nadia Nojs", "Omar Other");
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await owner.context().storageState() });
  const page = await context.newPage();
  await page.goto("/settings/notifications");
  await page.getByRole("group", { name: "Channels for Track activity" }).getByRole("checkbox", { name: "Email" }).check();
  await page.getByRole("combobox", { name: "How often Track activity is sent" }).selectOption({ label: "Daily digest" });
  const digest = page.getByRole("group", { name: "Daily digest time" });
  await digest.getByRole("combobox", { name: "Daily digest at" }).selectOption({ label: "07:00" });
  await digest.getByRole("combobox", { name: "Daily digest time zone" }).selectOption("Asia/Tokyo");
  await page.getByRole("button", { name: "Save Preferences" }).click();
  await page.goto("/settings/notifications");
  await expect(page.getByRole("combobox", { name: "How often Track activity is sent" })).toHaveValue("track:daily");
  await expect(digest.getByRole("combobox", { name: "Daily digest at" })).toHaveValue("7");
  await expect(digest.getByRole("combobox", { name: "Daily digest time zone" })).toHaveValue("Asia/Tokyo");
});
