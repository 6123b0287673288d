import { acceptOnlyInvite, createTrack, emailTo, expect, hydrated, invite, MAYA, newAccount, noCrashes, signIn, test, unique, verifyEmail } from "./helpers";

test.afterEach(noCrashes);

test("an invite arrives live, is filtered by track, accepted and dismissed; the inviter is told", async ({ browser, page: maya }) => {
  const { page: ben, email } = await newAccount(browser, "Ben Invitee", undefined, { verified: true });
  const invitesBadge = (n: number) => ben.getByRole("button", { name: `Invitations, ${n} pending` });
  await expect(invitesBadge(0)).toBeVisible();

  await signIn(maya, MAYA);
  const first = unique("Harbour Lights");
  const second = unique("Night Ferry");
  await createTrack(maya, first);
  await createTrack(maya, second);
  // A large and a small file on the first track, to sync once Ben accepts.
  await maya.getByRole("link", { name: new RegExp(first) }).click();
  await hydrated(maya);
  const files = maya.getByRole("region", { name: "Files" });
  for (const [name, size] of [["stems.zip", 1_200_000], ["click.wav", 20_000]] as const) {
    await files.getByLabel("File to upload").setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.alloc(size, 7) });
    await files.getByRole("button", { name: "Upload file" }).click();
    await expect(files.getByRole("list", { name: "Files" })).toContainText(name);
  }
  await invite(maya, first, email, "edit");
  // The badge rises live, without a reload.
  await expect(invitesBadge(1)).toBeVisible();
  await invite(maya, second, email, "view");
  await expect(invitesBadge(2)).toBeVisible();

  // The grid shows both as pending invitations (not yet open).
  const grid = ben.getByRole("list", { name: "Tracks" });
  const pendingTile = grid.getByRole("listitem").filter({ hasText: first });
  await expect(pendingTile).toContainText("Invitation");
  await expect(pendingTile.getByRole("link")).toHaveCount(0);

  await invitesBadge(2).click();
  const modal = ben.getByRole("dialog", { name: "Invitations" });
  const cards = modal.getByRole("list", { name: "Pending invites" }).getByRole("listitem");
  await expect(cards).toHaveCount(2);
  // Most recent first, each with artwork, name, sender, time and permission.
  await expect(cards.first()).toContainText(second);
  const card = cards.filter({ hasText: first });
  await expect(card.getByRole("img", { name: `Artwork for ${first}` })).toBeVisible();
  await expect(card).toContainText("Sent by Maya Cole");
  await expect(card).toContainText(/just now|\dm ago/);
  await expect(card).toContainText("Can edit");

  // Focus is in the modal; Escape closes it and focus returns to the badge.
  await expect(modal.getByRole("button", { name: "Close invitations" })).toBeFocused();
  await ben.keyboard.press("Escape");
  await expect(modal).toBeHidden();
  await expect(invitesBadge(2)).toBeFocused();

  // Selecting a track in the grid filters the list; clearing shows all again.
  await pendingTile.getByRole("button", { name: `Select ${first}` }).click();
  await ben.getByRole("button", { name: "Invitations for the selected track" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(first);
  await modal.getByRole("button", { name: "Show all" }).click();
  await expect(cards).toHaveCount(2);

  // Accept: "Accepting…" while it runs, then the card fades out and the exact toast shows.
  await ben.route("**/api/invitations/accept", async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await card.getByRole("button", { name: "Accept" }).click();
  await expect(card.getByRole("button", { name: "Accepting…" })).toBeDisabled();
  await expect(ben.getByRole("status").getByText("Collaboration accepted — files are syncing.", { exact: true })).toBeVisible();
  await expect(cards).toHaveCount(1);
  await expect(invitesBadge(1)).toBeVisible();
  // The track is in the grid at once, open to Ben with the permission offered, and
  // shows its files syncing until every one is there.
  const tile = grid.getByRole("listitem").filter({ hasText: first });
  await expect(tile.getByRole("link", { name: new RegExp(first) })).toBeVisible();
  await expect(tile).toContainText("Can edit");
  const syncing = tile.getByRole("progressbar", { name: "Syncing files" });
  await expect(syncing).toBeVisible();
  await expect(syncing).toBeHidden({ timeout: 15_000 });

  // A failed answer keeps the card and says what went wrong.
  await ben.context().setOffline(true);
  await cards.first().getByRole("button", { name: "Dismiss" }).click();
  await expect(ben.getByRole("status").getByText("Could not reach the server. Check your connection and try again.")).toBeVisible();
  await expect(cards).toHaveCount(1);
  await ben.context().setOffline(false);

  // Dismiss the other one: the empty state appears.
  await cards.first().getByRole("button", { name: "Dismiss" }).click();
  await expect(modal.getByText("No pending invites.", { exact: true })).toBeVisible();
  await expect(invitesBadge(0)).toBeVisible();
  await modal.getByRole("button", { name: "Close invitations" }).click();
  await expect(grid.getByRole("listitem").filter({ hasText: second })).toHaveCount(0);

  // With edit, Ben can comment; the synced files download.
  await tile.getByRole("link", { name: new RegExp(first) }).click();
  await hydrated(ben);
  const download = ben.waitForEvent("download");
  await ben.getByRole("region", { name: "Files" }).getByRole("link", { name: "click.wav" }).click();
  expect((await download).suggestedFilename()).toBe("click.wav");
  const comments = ben.getByRole("region", { name: "Comments" });
  await comments.getByLabel("Comment", { exact: true }).fill("Love the intro.");
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("list", { name: "Comments" })).toContainText("Love the intro.");

  // The inviter got the accepted notification.
  await maya.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: "Ben Invitee accepted your invitation" })).toBeVisible();
});

test("a revoked invite leaves the invitee's list live; a removed collaborator loses the track live", async ({ browser, page: maya }) => {
  const { page: cleo, email } = await newAccount(browser, "Cleo Collaborator", undefined, { verified: true });
  await signIn(maya, MAYA);
  const title = unique("Low Tide");
  await createTrack(maya, title);
  await invite(maya, title, email, "view");
  await cleo.getByRole("button", { name: "Invitations, 1 pending" }).click();
  const modal = cleo.getByRole("dialog", { name: "Invitations" });
  await expect(modal.getByRole("listitem").filter({ hasText: title })).toBeVisible();

  // Maya withdraws it: it disappears from Cleo's open modal.
  await maya.getByRole("button", { name: `Revoke the invitation to ${email}` }).click();
  await expect(maya.getByRole("status").getByText("Invitation withdrawn.")).toBeVisible();
  await expect(modal.getByText("No pending invites.", { exact: true })).toBeVisible();
  await expect(cleo.getByRole("button", { name: "Invitations, 0 pending" })).toBeVisible();
  await modal.getByRole("button", { name: "Close invitations" }).click();

  // Invited again and accepted with view only: she sees the track and cannot change it.
  await invite(maya, title, email, "view");
  await acceptOnlyInvite(cleo);
  const grid = cleo.getByRole("list", { name: "Tracks" });
  await expect(grid.getByRole("listitem").filter({ hasText: title })).toContainText("View only");

  // Maya removes her (after confirming): the track leaves Cleo's grid live and she is told.
  await maya.reload();
  await hydrated(maya);
  const collab = maya.getByRole("region", { name: "Collaborators" });
  await collab.getByRole("button", { name: "Remove Cleo Collaborator" }).click();
  await collab.getByRole("button", { name: "Yes, remove Cleo Collaborator" }).click();
  await expect(maya.getByRole("status").getByText("Cleo Collaborator is no longer a collaborator.")).toBeVisible();
  await expect(collab.getByRole("list", { name: "Collaborators" })).not.toContainText("Cleo Collaborator");
  await expect(grid.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);
  await cleo.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(cleo.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `You were removed from ${title}` })).toBeVisible();
});

test("a collaborator leaves a track and the owner is told", async ({ browser, page: maya }) => {
  const { page: dev, email } = await newAccount(browser, "Dev Leaver", undefined, { verified: true });
  await signIn(maya, MAYA);
  const title = unique("Drift");
  await createTrack(maya, title);
  await invite(maya, title, email, "edit");
  await acceptOnlyInvite(dev);
  await dev.getByRole("link", { name: new RegExp(title) }).click();
  await hydrated(dev);
  const collab = dev.getByRole("region", { name: "Collaborators" });
  await collab.getByRole("button", { name: "Leave track" }).click();
  await collab.getByRole("button", { name: "Leave", exact: true }).click();
  await expect(dev.getByRole("status").getByText(`You left ${title}.`)).toBeVisible();
  await expect(dev.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await expect(dev.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title })).toHaveCount(0);
  await maya.goto("/");
  await hydrated(maya);
  await maya.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(maya.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Dev Leaver left ${title}` })).toBeVisible();
});

test("a project's default collaborators are invited to each new track in it", async ({ browser, page: maya }) => {
  const { page: fay, email } = await newAccount(browser, "Fay Default", undefined, { verified: true });
  await signIn(maya, MAYA);
  const project = unique("Tour EP");
  await maya.getByRole("button", { name: "New project" }).click();
  await maya.getByLabel("Project name").fill(project);
  await maya.getByRole("button", { name: "Create project" }).click();
  await maya.getByRole("button", { name: `Default collaborators of ${project}` }).click();
  const defaults = maya.getByRole("region", { name: `Default collaborators of ${project}` });
  await defaults.getByLabel("Email").fill(email);
  await defaults.getByLabel("Permission").selectOption("full");
  await defaults.getByRole("button", { name: "Add" }).click();
  await expect(defaults.getByRole("list", { name: "Default collaborators" })).toContainText(email);
  await expect(defaults.getByRole("list", { name: "Default collaborators" })).toContainText("Full control");

  const title = unique("Soundcheck");
  await maya.getByRole("button", { name: "New track" }).click();
  const form = maya.getByRole("form", { name: "New track" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Project").selectOption({ label: project });
  await form.getByRole("button", { name: "Create track" }).click();
  await expect(maya.getByRole("status").getByText("Track created.")).toBeVisible();

  // Fay is invited at once, live, with the permission the project gives her.
  await expect(fay.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  const tile = fay.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title });
  await expect(tile).toContainText("Invitation");
  await expect(tile).toContainText("Full control");
});

test("an invitation to someone without an account waits until they sign up and verify the address", async ({ browser, page: maya }) => {
  await signIn(maya, MAYA);
  const title = unique("Open Water");
  await createTrack(maya, title);
  const email = `${unique("newcomer").replace(/\s/g, "")}@example.com`;
  await invite(maya, title, email, "edit");
  // The address hears of it by email, with where to answer.
  const mail = await emailTo(email, `Maya Cole invited you to ${title}`);
  expect(mail).toMatch(/http:\/\/127\.0\.0\.1:\d+\/signup/);

  // Signing up with the address is no claim to it: nothing shows yet.
  const { page: nia } = await newAccount(browser, "Nia Newcomer", undefined, { email });
  await expect(nia.getByRole("button", { name: "Invitations, 0 pending" })).toBeVisible();
  await expect(nia.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title })).toHaveCount(0);

  // Once the link emailed to the address is opened, the invitation is hers.
  await verifyEmail(nia, email);
  await expect(nia.getByRole("button", { name: "Invitations, 1 pending" })).toBeVisible();
  await nia.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(nia.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `Maya Cole invited you to ${title}` })).toBeVisible();
  await nia.keyboard.press("Escape");
  await acceptOnlyInvite(nia);
  await expect(nia.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title })).toContainText("Can edit");
});

test("the header badge always opens every pending invite; a filter says what it hides and clears", async ({ browser, page: maya }) => {
  const { page: fran, email } = await newAccount(browser, "Fran Filter", undefined, { verified: true });
  await signIn(maya, MAYA);
  const first = unique("Filter Alpha");
  const second = unique("Filter Beta");
  await createTrack(maya, first);
  await createTrack(maya, second);
  await invite(maya, first, email, "edit");
  await invite(maya, second, email, "view");
  const badge = fran.getByRole("button", { name: "Invitations, 2 pending" });
  await expect(badge).toBeVisible();
  const modal = fran.getByRole("dialog", { name: "Invitations" });
  const cards = modal.getByRole("list", { name: "Pending invites" }).getByRole("listitem");

  // An invitation in the feed opens the list for its track, and says what it hides.
  await fran.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await fran.getByRole("dialog", { name: "Activity" }).getByRole("button", { name: new RegExp(`^Maya Cole invited you to ${first}`) }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(first);
  await expect(modal.getByText("Showing 1 of 2 invites")).toBeVisible();
  await fran.keyboard.press("Escape");
  await expect(modal).toBeHidden();

  // Later, the header badge opens the full list.
  await badge.click();
  await expect(cards).toHaveCount(2);
  await expect(modal.getByText(/Showing \d+ of \d+ invites/)).toHaveCount(0);
  await fran.keyboard.press("Escape");

  // A track selected in the grid: the header badge still shows all; the selection's own
  // button narrows the list, visibly, and "Show all" clears it.
  const tile = fran.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: second });
  await tile.getByRole("button", { name: `Select ${second}` }).click();
  await badge.click();
  await expect(cards).toHaveCount(2);
  await fran.keyboard.press("Escape");
  await fran.getByRole("button", { name: "Invitations for the selected track" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(second);
  await expect(modal.getByText("Showing 1 of 2 invites")).toBeVisible();
  await modal.getByRole("button", { name: "Show all" }).click();
  await expect(cards).toHaveCount(2);
});

test("answering an invitation in the modal settles its notification in every tab, live", async ({ browser, page: maya }) => {
  const ctx = await browser.newContext();
  const { page: una, email } = await newAccount(browser, "Una Answer", ctx, { verified: true });
  await una.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await una.getByRole("button", { name: "Mark all as read" }).click();
  await expect(una.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await una.keyboard.press("Escape");
  // The same person in a second tab, with the activity panel open.
  const tab = await ctx.newPage();
  await tab.goto("/");
  await hydrated(tab);
  await signIn(maya, MAYA);
  const title = unique("Settled");
  await createTrack(maya, title);
  await invite(maya, title, email, "edit");
  await expect(una.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await tab.getByRole("button", { name: "Notifications, 1 unread" }).click();
  const row = tab.getByRole("dialog", { name: "Activity" }).getByRole("listitem").filter({ hasText: `invited you to ${title}` });
  await expect(row.getByRole("button", { name: "Accept Invite" })).toBeVisible();

  await acceptOnlyInvite(una);
  // Nothing left to clear: not unread anywhere, and the row says what happened.
  await expect(una.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(tab.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  await expect(row).toContainText("Accepted");
  await expect(row.getByRole("button", { name: "Accept Invite" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: /\(unread\)/ })).toHaveCount(0);
});

test("the demo workspace's pending invitations are in the feed too", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const panel = page.getByRole("dialog", { name: "Activity" });
  const rows = panel.getByRole("listitem");
  await expect(rows.first()).toBeVisible();
  // Other tests add newer items: load the older pages too.
  const more = panel.getByRole("button", { name: "Load more" });
  // Scrolling to the end loads the next page (as "Load more" does; scrolling the button
  // into view may already have loaded it, so scroll rather than race the button).
  while (await more.isVisible()) {
    const before = await rows.count();
    await panel.evaluate((p) => (p.scrollTop = p.scrollHeight));
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
  }
  for (const [who, track] of [["Jordan Reyes", "Crosstown"], ["Priya Shah", "Lanterns"], ["Jordan Reyes", "Arcade Lights"]]) {
    await expect(rows.filter({ hasText: `${who} invited you to ${track}` })).toHaveCount(1);
  }
});
