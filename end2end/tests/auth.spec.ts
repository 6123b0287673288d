import { expect, hydrated, MAYA, newAccount, noCrashes, signIn, test, unique } from "./helpers";

test.afterEach(noCrashes);

test("sign up, sign out, wrong password, sign in", async ({ page }) => {
  const email = `${unique("new").replace(/\s/g, "")}@example.com`;
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await hydrated(page);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your Producer Dashboard account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("Nova Tester");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // The browser's own minlength check or the server's message: either way, no account yet.
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
  await expect(page.getByText("No tracks yet.")).toBeVisible();
  await hydrated(page);

  await page.getByRole("button", { name: "Account menu for Nova Tester" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await hydrated(page);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  // Same message for an email that has no account.
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your tracks" })).toBeVisible();
});

test("a duplicate sign-up is refused with a clear message", async ({ page }) => {
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Email").fill(MAYA.email);
  await page.getByLabel("Display name").fill("Someone");
  await page.getByLabel("Password").fill("another password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText("An account with this email already exists. Sign in instead.");
});

test("the first load is server-rendered with the real badges", async ({ page, request }) => {
  await signIn(page, MAYA);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "pd_session")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
  const res = await request.get("/", { headers: { cookie: `pd_session=${session.value}` } });
  const html = await res.text();
  expect(html).toContain("Golden Hour");
  expect(html).toMatch(/aria-label="Invitations, \d+ pending"/);
  expect(html).toMatch(/aria-label="Notifications, \d+ unread"/);
});

test("a sign-in alert is for a new browser only, at normal priority unless something is unusual", async ({ browser }) => {
  const ctx = await browser.newContext();
  const { page, email } = await newAccount(browser, "Ada Alerts", ctx);
  const password = "fresh password";
  const panel = page.getByRole("dialog", { name: "Activity" });
  const alerts = panel.getByRole("listitem").filter({ hasText: "New sign-in to your account" });

  // The same browser signs out and in again: it is known, nobody is alerted.
  await page.getByRole("button", { name: "Account menu for Ada Alerts" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, { email, password });
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();

  // A new browser: one alert, live, at normal priority.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, { email, password });
  await expect(page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
  await page.getByRole("button", { name: "Notifications, 1 unread" }).click();
  await expect(alerts).toHaveCount(1);
  await expect(alerts.first()).toHaveAttribute("data-priority", "normal");
  await page.keyboard.press("Escape");

  // That browser is remembered from now on.
  await other.getByRole("button", { name: "Account menu for Ada Alerts" }).click();
  await other.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(other).toHaveURL(/\/signin$/);
  await signIn(other, { email, password });

  // A third browser, right after a wrong password: unusual, so high priority.
  const third = await (await browser.newContext()).newPage();
  await third.goto("/signin");
  await hydrated(third);
  await third.getByLabel("Email").fill(email);
  await third.getByLabel("Password").fill("not the password");
  await third.getByRole("button", { name: "Sign in" }).click();
  await expect(third.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(third, { email, password });
  await expect(page.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await page.getByRole("button", { name: "Notifications, 2 unread" }).click();
  await expect(alerts).toHaveCount(2);
  await expect(alerts.first()).toHaveAttribute("data-priority", "high");
  await expect(alerts.first()).toContainText("after a wrong password");
});
