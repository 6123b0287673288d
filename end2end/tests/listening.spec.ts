import * as fs from "node:fs";
import * as path from "node:path";
import { Page } from "@playwright/test";
import { expect, hydrated, MAYA, noCrashes, openBell, sharedTrack, signIn, test, unique } from "./helpers";

test.afterEach(noCrashes);

/** A WAV of `seconds` seconds (16 kHz mono): a tone that swells, so its waveform has a shape. */
function wav(seconds: number, pitch = 220): Buffer {
  const rate = 16_000;
  const frames = rate * seconds;
  const out = Buffer.alloc(44 + frames * 2);
  out.write("RIFF", 0);
  out.writeUInt32LE(36 + frames * 2, 4);
  out.write("WAVEfmt ", 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36);
  out.writeUInt32LE(frames * 2, 40);
  for (let i = 0; i < frames; i++) {
    const t = i / rate;
    const swell = 0.2 + 0.7 * Math.abs(Math.sin((t * Math.PI) / 4));
    out.writeInt16LE(Math.round(Math.sin(t * pitch * 2 * Math.PI) * swell * 32767), 44 + i * 2);
  }
  return out;
}

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "..", "..", "tests", "fixtures", "audio", name));

/** The player's audio element: (currentTime, paused). */
async function audio(page: Page, file = "take.wav") {
  return page.getByRole("group", { name: `Player: ${file}` }).locator("audio[data-file]").evaluate((a: HTMLAudioElement) => ({
    time: a.currentTime,
    paused: a.paused,
  }));
}

/** Uploads `buffer` as `name` on the open track page and waits for its waveform. */
async function upload(page: Page, name: string, buffer: Buffer, mimeType = "audio/wav") {
  const files = page.getByRole("region", { name: "Files" });
  await files.getByLabel("File to upload").setInputFiles({ name, mimeType, buffer });
  await files.getByRole("button", { name: "Upload file" }).click();
  await expect(files.getByRole("list", { name: "Files" })).toContainText(name);
}

async function openTrack(page: Page, track: string) {
  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(track) }).click();
  await hydrated(page);
}

test("a file plays, a comment is pinned at the playhead, and the collaborator's notification opens the track cued there", async ({ browser }) => {
  const { owner, collab, track } = await sharedTrack(browser, "Nora Owner", "Jay Collab");
  await openTrack(owner, track);
  await upload(owner, "take.wav", wav(12));
  // Its waveform arrives live once analysed (no reload).
  const seek = owner.getByRole("slider", { name: "Seek in take.wav" });
  await expect(seek.locator("svg")).toBeVisible();
  await expect(owner.getByRole("group", { name: "Player: take.wav" })).toContainText("0:00 / 0:12");

  // Play: the audio advances; pause stops it.
  await owner.getByRole("button", { name: "Play take.wav" }).click();
  await expect.poll(async () => (await audio(owner)).time, { timeout: 5_000 }).toBeGreaterThan(0.5);
  await owner.getByRole("button", { name: "Pause take.wav" }).click();
  expect((await audio(owner)).paused).toBe(true);

  // Seek by clicking at 3/4 of the waveform (9 s); then the start, and on 5 s.
  const box = (await seek.boundingBox())!;
  await owner.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect.poll(async () => (await audio(owner)).time).toBeCloseTo(9, 0);
  await seek.press("Home");
  await seek.press("ArrowRight");
  await expect.poll(async () => (await audio(owner)).time).toBe(5);
  await expect(seek).toHaveAttribute("aria-valuetext", "0:05 of 0:12");

  // "Comment at 0:05" pins the comment to the playhead.
  await owner.getByRole("button", { name: "Comment at 0:05" }).click();
  const comments = owner.getByRole("region", { name: "Comments" });
  await expect(comments.getByLabel("At")).toHaveValue("0:05");
  await expect(comments.getByLabel("Comment", { exact: true })).toBeFocused();
  await owner.keyboard.type("The kick is too loud here");
  await comments.getByRole("button", { name: "Post comment" }).click();
  const pinned = comments.getByRole("listitem").filter({ hasText: "The kick is too loud here" });
  await expect(pinned.getByRole("link", { name: "Play from 0:05" })).toBeVisible();
  // A marker on the waveform shows it, and plays from there.
  const marker = owner.getByRole("button", { name: /^Comment by Nora Owner at 0:05: The kick is too loud here/ });
  await expect(marker).toBeVisible();
  await marker.hover();
  await expect(marker.getByText("The kick is too loud here")).toBeVisible();
  await owner.getByRole("button", { name: "Play take.wav" }).focus();
  await pinned.getByRole("link", { name: "Play from 0:05" }).click();
  await expect.poll(async () => (await audio(owner)).paused).toBe(false);
  expect((await audio(owner)).time).toBeGreaterThanOrEqual(5);
  await owner.getByRole("button", { name: "Pause take.wav" }).click();

  // A moment outside the file is refused in words.
  await comments.getByLabel("Comment", { exact: true }).fill("After the end");
  await comments.getByLabel("At").fill("0:30");
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.getByRole("alert")).toHaveText("That moment is outside take.wav, which is 0:12 long.");

  // The collaborator is told, with the moment, and the notification opens the track
  // with Comments highlighted and the player cued at 0:05, paused.
  await openBell(collab);
  const panel = collab.getByRole("dialog", { name: "Activity" });
  const row = panel.getByRole("button", { name: new RegExp(`^Nora Owner commented at 0:05 on ${track}`) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(collab).toHaveURL(/widget=comments&file=\d+&t=5/);
  await expect(collab.getByRole("region", { name: "Comments" })).toHaveAttribute("data-highlighted", "true");
  await expect.poll(async () => (await audio(collab)).time).toBeGreaterThan(4.5);
  const cued = await audio(collab);
  expect(Math.abs(cued.time - 5)).toBeLessThan(0.5);
  expect(cued.paused).toBe(true);
  await expect(collab.getByRole("slider", { name: "Seek in take.wav" })).toHaveAttribute("aria-valuetext", "0:05 of 0:12");
});

test("a new version is notified, and switching versions keeps the playhead", async ({ browser }) => {
  const { owner, collab, track } = await sharedTrack(browser, "Vic Owner", "Ana Collab");
  await openTrack(owner, track);
  await upload(owner, "take.wav", wav(10));
  await expect(owner.getByRole("slider", { name: "Seek in take.wav" }).locator("svg")).toBeVisible();
  await owner.getByRole("button", { name: "Upload a new version of take.wav" }).click();
  const form = owner.getByRole("form", { name: "New version of take.wav" });
  await form.getByLabel("File for v2 of take.wav").setInputFiles({ name: "take-louder.wav", mimeType: "audio/wav", buffer: wav(10, 330) });
  await form.getByRole("button", { name: "Upload v2" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "v2 of take.wav uploaded." })).toBeVisible();

  // The collaborator hears of it, by its own kind of notification.
  await openBell(collab);
  const row = collab.getByRole("dialog", { name: "Activity" }).getByRole("button", { name: new RegExp(`^Vic Owner uploaded v2 of take.wav on ${track}`) });
  await expect(row).toBeVisible();
  await row.click();
  await hydrated(collab);
  const versions = collab.getByRole("group", { name: "Version of take.wav" });
  await expect(versions.getByRole("button", { name: "Listen to v2 of take.wav" })).toHaveAttribute("aria-pressed", "true");
  // Its copy syncs to the collaborator first; then it plays.
  const play = collab.getByRole("button", { name: "Play take.wav" });
  await expect(play).toBeVisible({ timeout: 20_000 });
  await play.click();
  await expect.poll(async () => (await audio(collab)).time).toBeGreaterThan(0.3);
  const seek = collab.getByRole("slider", { name: "Seek in take.wav, v2" });
  await seek.press("ArrowRight");
  await expect.poll(async () => (await audio(collab)).time).toBeGreaterThan(5);
  // A/B: v1 plays on from the same moment.
  const before = (await audio(collab)).time;
  await versions.getByRole("button", { name: "Listen to v1 of take.wav" }).click();
  await expect(versions.getByRole("button", { name: "Listen to v1 of take.wav" })).toHaveAttribute("aria-pressed", "true");
  await expect(collab.getByRole("slider", { name: "Seek in take.wav, v1" })).toBeVisible();
  await expect.poll(async () => (await audio(collab)).paused).toBe(false);
  const after = (await audio(collab)).time;
  expect(Math.abs(after - before)).toBeLessThan(1);
  const file = collab.getByRole("list", { name: "Files" });
  await expect(file.getByRole("link", { name: "take.wav", exact: true })).toBeVisible();

  // Each version is listed with its uploader; removing one asks first.
  await owner.reload();
  await hydrated(owner);
  await owner.getByText("Versions (2)").click();
  const list = owner.getByRole("list", { name: "Versions of take.wav" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem").first()).toContainText("v2 take-louder.wav");
  await list.getByRole("button", { name: "Remove v2 of take.wav" }).click();
  const ask = owner.getByRole("group", { name: "Remove v2 of take.wav?" });
  await ask.getByRole("button", { name: "Yes, remove v2 of take.wav" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "v2 of take.wav removed." })).toBeVisible();
  await expect(owner.getByRole("group", { name: "Version of take.wav" })).toHaveCount(0);
});

test("keyboard only: play, pause, skip, jump", async ({ page }) => {
  await signIn(page, MAYA);
  await page.getByRole("link", { name: /Golden Hour/ }).first().click();
  await hydrated(page);
  const play = page.getByRole("button", { name: "Play golden-hour-mix.wav" });
  await play.focus();
  await page.keyboard.press("Space");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).paused).toBe(false);
  await page.keyboard.press("Tab");
  const seek = page.getByRole("slider", { name: "Seek in golden-hour-mix.wav, v2" });
  await expect(seek).toBeFocused();
  await page.keyboard.press("Space");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).paused).toBe(true);
  await page.keyboard.press("End");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).time).toBeGreaterThan(23);
  await page.keyboard.press("Home");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).time).toBe(0);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).time).toBe(10);
  await expect(seek).toHaveAttribute("aria-valuetext", "0:10 of 0:24");
  // The marker of Jordan's comment is reachable and says what it is.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Comment by Jordan Reyes at 0:12/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).paused).toBe(false);
  expect((await audio(page, "golden-hour-mix.wav")).time).toBeGreaterThanOrEqual(12);
  await page.keyboard.press("Space");
});

test("files that cannot be heard say so, and still download", async ({ page }) => {
  await signIn(page, MAYA);
  const track = unique("Odd Files");
  await page.getByRole("button", { name: "New track" }).click();
  const form = page.getByRole("form", { name: "New track" });
  await form.getByLabel("Title").fill(track);
  await form.getByRole("button", { name: "Create track" }).click();
  await openTrack(page, track);
  // Claims to be a WAV, is not.
  await upload(page, "fake.wav", Buffer.from("this is not audio at all, just words".repeat(50)));
  const files = page.getByRole("list", { name: "Files" });
  await expect(files).toContainText("No waveform: the file is damaged or in a format we cannot read.");
  await expect(files.getByRole("link", { name: "fake.wav", exact: true })).toHaveAttribute("href", /\/media\/files\/\d+/);
  // AIFF has a waveform, but this browser cannot play it.
  await upload(page, "phrase.aiff", fixture("phrase.aiff"), "audio/aiff");
  const player = page.getByRole("group", { name: "Player: phrase.aiff" });
  await expect(player.getByRole("slider", { name: "Seek in phrase.aiff" }).locator("svg")).toBeVisible();
  await expect(player.getByText("Your browser cannot play this file. Download it instead.")).toBeVisible();
  // FLAC, MP3 and Ogg Vorbis are analysed too.
  for (const name of ["phrase.flac", "phrase.mp3", "phrase.ogg"]) {
    await upload(page, name, fixture(name), "application/octet-stream");
    await expect(page.getByRole("slider", { name: `Seek in ${name}` }).locator("svg")).toBeVisible();
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the player fits the screen and works by touch", async ({ page }) => {
    await signIn(page, MAYA);
    await page.getByRole("link", { name: /Golden Hour/ }).first().click();
    await hydrated(page);
    const player = page.getByRole("group", { name: "Player: golden-hour-mix.wav" });
    await player.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = (await player.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: "Play golden-hour-mix.wav" }).tap();
    await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).paused).toBe(false);
    const seek = page.getByRole("slider", { name: "Seek in golden-hour-mix.wav, v2" });
    const bar = (await seek.boundingBox())!;
    await page.touchscreen.tap(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).time).toBeGreaterThan(11);
    await page.getByRole("button", { name: "Pause golden-hour-mix.wav" }).tap();
    await expect.poll(async () => (await audio(page, "golden-hour-mix.wav")).paused).toBe(true);
  });
});
