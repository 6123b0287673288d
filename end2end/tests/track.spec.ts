import { contrast, expect, hydrated, MAYA, noCrashes, PRIYA, signIn, test, unique } from "./helpers";

test.afterEach(noCrashes);

test("open a track, comment, change the stage, set the due date, invite a collaborator", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("link", { name: /Golden Hour/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Golden Hour" })).toBeVisible();
  for (const w of ["Stage", "Due date", "Artwork & metadata", "Comments", "Files", "Collaborators"]) {
    await expect(page.getByRole("region", { name: w })).toBeVisible();
  }
  await hydrated(page);

  const comments = page.getByRole("region", { name: "Comments" });
  const text = unique("Love the new bridge");
  await comments.getByLabel("Comment", { exact: true }).fill(text);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("list", { name: "Comments" })).toContainText(text);

  const stage = page.getByRole("region", { name: "Stage" });
  await stage.getByLabel("Stage", { exact: true }).selectOption({ label: "Ready to Post" });
  await expect(page.getByRole("status").getByText("Stage updated.")).toBeVisible();
  await expect(stage.getByRole("list", { name: "Stages" }).locator('[aria-current="step"]')).toHaveText("Ready to Post");
  await page.reload();
  await expect(page.getByRole("region", { name: "Stage" }).getByLabel("Stage", { exact: true })).toHaveValue("ready");
  await hydrated(page);

  const due = page.getByRole("region", { name: "Due date" });
  await due.getByLabel("Due date", { exact: true }).fill("2031-03-04");
  await due.getByRole("button", { name: "Save due date" }).click();
  await expect(page.getByRole("region", { name: "Due date" }).getByLabel("Due date", { exact: true })).toHaveValue("2031-03-04");

  const collab = page.getByRole("region", { name: "Collaborators" });
  await collab.getByLabel("Email").fill("sam@demo.test");
  await collab.getByLabel("Permission").selectOption("view");
  await collab.getByRole("button", { name: "Send invite" }).click();
  // The sender sees the address invited, never whether (or whose) account uses it.
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText("sam@demo.test");
  // Revoking and removing are readable red text (WCAG AA), not red on red.
  const revoke = page.getByRole("button", { name: "Revoke the invitation to sam@demo.test" });
  expect(await contrast(revoke)).toBeGreaterThanOrEqual(4.5);
  // Inviting the same person again is refused, clearly.
  const again = page.getByRole("region", { name: "Collaborators" });
  await again.getByLabel("Email").fill("sam@demo.test");
  await again.getByRole("button", { name: "Send invite" }).click();
  await expect(again.getByRole("alert")).toHaveText("sam@demo.test has already been invited to this track.");
});

test("a widget addressed by the URL is highlighted", async ({ page }) => {
  await signIn(page, MAYA);
  const link = page.getByRole("link", { name: /Golden Hour/ });
  const href = await link.getAttribute("href");
  await page.goto(`${href}?widget=comments`);
  await expect(page.getByRole("region", { name: "Comments" })).toHaveAttribute("data-highlighted", "true");
  await expect(page.getByRole("region", { name: "Stage" })).toHaveAttribute("data-highlighted", "false");
});

test("a viewer sees everything and can change nothing", async ({ page }) => {
  await signIn(page, PRIYA);
  await page.getByRole("link", { name: /Golden Hour/ }).click();
  await expect(page.getByText("You have view-only access")).toBeVisible();
  await expect(page.getByRole("region", { name: "Comments" }).getByRole("button", { name: "Post comment" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Stage" }).getByLabel("Stage", { exact: true })).toBeDisabled();
  await expect(page.getByRole("region", { name: "Comments" })).toContainText("Bumped the kick");
});

test("a track that is not shared with me is not found", async ({ page }) => {
  await signIn(page, PRIYA);
  const res = await page.goto("/tracks/999999");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Track not available" })).toBeVisible();
});
