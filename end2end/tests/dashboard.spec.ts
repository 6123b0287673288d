import { expect, MAYA, noCrashes, PNG, signIn, test, unique } from "./helpers";

test.afterEach(noCrashes);

test("the grid shows own and shared tracks with stage, due date and permission", async ({ page }) => {
  await signIn(page, MAYA);
  const grid = page.getByRole("list", { name: "Tracks" });
  const golden = grid.getByRole("listitem").filter({ hasText: "Golden Hour" });
  await expect(golden).toContainText("Editing");
  await expect(golden).toContainText("Due tomorrow");
  await expect(golden).toContainText("Owner");
  const neon = grid.getByRole("listitem").filter({ hasText: "Neon Skyline" });
  await expect(neon).toContainText("Can edit");
  const monsoon = grid.getByRole("listitem").filter({ hasText: "Monsoon Tape" });
  await expect(monsoon).toContainText("View only");
  await expect(grid.getByRole("listitem").filter({ hasText: "Static Bloom" })).toContainText("Overdue by 2 days");
  await expect(golden.getByRole("img", { name: "Golden Hour has no artwork" })).toBeVisible();

  // Selecting a track marks it and offers to clear the selection.
  await golden.getByRole("button", { name: "Select Golden Hour" }).click();
  await expect(golden.getByRole("button", { name: "Select Golden Hour" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("status").filter({ hasText: "Selected: Golden Hour" })).toBeVisible();
  await page.getByRole("button", { name: "Clear selection" }).click();
  await expect(golden.getByRole("button", { name: "Select Golden Hour" })).toHaveAttribute("aria-pressed", "false");
});

test("create a project, rename it, and create a track in it with artwork and a due date", async ({ page }) => {
  await signIn(page, MAYA);
  const project = unique("Project");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByLabel("Project name").fill(project);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText(project)).toBeVisible();

  const renamed = `${project} (renamed)`;
  await page.getByRole("button", { name: `Rename project ${project}` }).click();
  await page.getByLabel("New project name").fill(renamed);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText(renamed)).toBeVisible();

  const title = unique("Track");
  await page.getByRole("button", { name: "New track" }).click();
  const form = page.getByRole("form", { name: "New track" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Project").selectOption({ label: renamed });
  await form.getByLabel("Due date").fill("2030-01-15");
  await form.getByLabel("Artwork (optional image)").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
  await form.getByRole("button", { name: "Create track" }).click();
  await expect(page.getByRole("status").getByText("Track created.")).toBeVisible();
  const tile = page.getByRole("list", { name: "Tracks" }).getByRole("listitem").filter({ hasText: title });
  await expect(tile).toContainText("Idea");
  await expect(tile).toContainText(renamed);
  await expect(tile.getByRole("img", { name: `Artwork for ${title}` })).toBeVisible();
});

test("an empty title and a non-image artwork are refused", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("button", { name: "New track" }).click();
  const form = page.getByRole("form", { name: "New track" });
  await form.getByLabel("Title").fill("   ");
  await form.getByRole("button", { name: "Create track" }).click();
  await expect(form.getByRole("alert")).toHaveText("Give the track a title.");
  await form.getByLabel("Title").fill(unique("Bad art"));
  await form.getByLabel("Artwork (optional image)").setInputFiles({ name: "x.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await form.getByRole("button", { name: "Create track" }).click();
  await expect(form.getByRole("alert")).toHaveText("Artwork must be a PNG, JPEG, GIF or WebP image.");
});
