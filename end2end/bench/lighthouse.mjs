// `make bench-web`, Lighthouse: the mobile preset (slow 4G, 4× CPU, simulated) on the
// signed-in dashboard, a track page and Settings, in Debian's Chromium. Prints each
// page's performance, accessibility and best-practices scores and the metrics behind
// performance. Run by scripts/bench-web.sh against the release server (BASE_URL).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3200";
const RUNS = Number(process.env.LH_RUNS ?? 3);

async function signIn(email, password) {
  const res = await fetch(`${BASE}/api/auth/sign_in`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

const cookie = await signIn("maya@demo.test", "producer123");
const dashboard = await (
  await fetch(`${BASE}/api/tracks/dashboard`, { method: "POST", headers: { Accept: "application/json", Cookie: cookie, Origin: BASE } })
).json();
const pages = [
  ["dashboard", "/"],
  ["track page", `/tracks/${dashboard.tracks[0].id}`],
  ["settings", "/settings"],
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
console.log(`Lighthouse ${lighthouse.version ?? "12"} mobile preset (slow 4G, 4× CPU), signed in, median of ${RUNS} runs`);
console.log(`${"page".padEnd(12)} ${"perf".padStart(5)} ${"a11y".padStart(5)} ${"b.p.".padStart(5)}   ${"FCP".padStart(7)} ${"LCP".padStart(7)} ${"TBT".padStart(7)} ${"SI".padStart(7)} ${"TTI".padStart(7)} ${"CLS".padStart(6)} ${"sent".padStart(9)}`);
try {
  for (const [name, path] of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await lighthouse(`${BASE}${path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices"],
        extraHeaders: { Cookie: cookie },
      });
      const lhr = result.lhr;
      const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
      runs.push({
        perf: lhr.categories.performance.score * 100,
        a11y: lhr.categories.accessibility.score * 100,
        bp: lhr.categories["best-practices"].score * 100,
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        tbt: audit("total-blocking-time"),
        si: audit("speed-index"),
        tti: audit("interactive"),
        cls: audit("cumulative-layout-shift"),
        bytes: audit("total-byte-weight"),
        bench: lhr.environment?.benchmarkIndex ?? NaN,
        failed: [...Object.values(lhr.categories.accessibility.auditRefs), ...Object.values(lhr.categories["best-practices"].auditRefs)]
          .map((r) => lhr.audits[r.id])
          .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
          .map((a) => {
            // What failed, where: the first element the audit names, or the first message.
            const item = a.details?.items?.[0];
            const where = item?.node?.snippet ?? item?.description ?? item?.source?.url;
            return where ? `${a.id} (${String(where).slice(0, 120)})` : a.id;
          }),
      });
    }
    const m = (k) => median(runs.map((r) => r[k]));
    const s = (v) => (v / 1000).toFixed(2).padStart(6) + "s";
    console.log(
      `${name.padEnd(12)} ${String(Math.round(m("perf"))).padStart(5)} ${String(Math.round(m("a11y"))).padStart(5)} ${String(Math.round(m("bp"))).padStart(5)}   ` +
        `${s(m("fcp"))} ${s(m("lcp"))} ${(Math.round(m("tbt")) + "ms").padStart(7)} ${s(m("si"))} ${s(m("tti"))} ${m("cls").toFixed(3).padStart(6)} ${((m("bytes") / 1024).toFixed(0) + " KiB").padStart(9)}` +
        `   (performance per run: ${runs.map((r) => Math.round(r.perf)).join(", ")})`,
    );
    console.log(`${"".padEnd(12)} host CPU benchmark index ${Math.round(m("bench"))}`);
    const failed = [...new Set(runs.flatMap((r) => r.failed))];
    if (failed.length) console.log(`${"".padEnd(12)} failed audits: ${failed.join(", ")}`);
  }
} finally {
  await chrome.kill();
}
