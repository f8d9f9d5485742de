/**
 * The product as people use it: real Chromium, the production client served by the server, real kubectl.
 * The host creates a game in the browser, two teams join in separate browser contexts, the projector is
 * open; the scenario is injected from the host console; one team fixes it with kubectl through the
 * kubeconfig it downloaded. Every screen must show the recovery and the new ranks within 2 s, without
 * a reload. Screenshots of each screen go to test-output/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { kubectl } from "../helpers/kubectl.js";
import { makeScenarioLibrary } from "../helpers/scenario-library.js";
import { startTestFiredrill, type TestFiredrill } from "../helpers/firedrill.js";
import { waitFor } from "../helpers/wait.js";
import { buildClient } from "./build-client.js";
import { launchChromium } from "./browser.js";

const SCENARIO = "image-pull-backoff";
const GOOD_IMAGE = "ghcr.io/firedrill-game/taskmaster-frontend:1.0";
/** The bar: every screen shows a recovery this soon after it happened, without reload. */
const LIVE_UPDATE_BUDGET_MS = 2_000;
const SCREENSHOTS = resolve(import.meta.dirname, "../../test-output/screenshots");

let fd: TestFiredrill;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages = new Map<string, Page>();
const consoleErrors: string[] = [];

async function newPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  pages.set(name, page);
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`[${name}] ${msg.text()}`);
  });
  page.on("pageerror", (err) => consoleErrors.push(`[${name}] ${err.message}`));
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildClient();
  fd = await startTestFiredrill({ FIREDRILL_SCENARIOS_DIR: makeScenarioLibrary({ [SCENARIO]: { timeLimit: "5m", sustainFor: "3s", hintUnlockAfter: "0s" } }) });
  browser = await launchChromium();
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail") return;
  // On failure, keep what every screen showed: the fastest way to see why.
  for (const [name, page] of pages) await page.screenshot({ path: join(SCREENSHOTS, `failure-${name}.png`), fullPage: true }).catch(() => {});
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await fd?.close();
});

async function joinAsTeam(page: Page, code: string, player: string, team: string): Promise<void> {
  await page.goto(`${fd.url}/join/${code}`);
  await page.getByLabel("Your name").fill(player);
  await page.getByLabel("Team name").fill(team);
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(`**/team/${code}`, { timeout: 120_000 });
  await page.getByRole("heading", { name: team }).waitFor();
}

describe("the web client, end to end", () => {
  it("runs a game across host, teams and projector, live, and renders the debrief", async () => {
    // The landing page loads on a fresh server.
    const host = await newPage("host");
    await host.goto(fd.url);
    await host.getByRole("heading", { name: /Firedrill/ }).waitFor();
    await shot(host, "01-landing");

    // The host creates a game in the browser.
    await host.getByRole("link", { name: "Host a game" }).click();
    await host.getByLabel("Game name").fill("Friday drill");
    await host.getByText("Hand-picked scenarios").click();
    await host.getByRole("checkbox").first().check();
    await shot(host, "02-host-setup");
    await host.getByRole("button", { name: "Create game" }).click();
    const code = (await host.getByTestId("join-code").textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await shot(host, "03-game-created");
    await host.getByRole("link", { name: "Open the host console" }).click();
    await host.getByText("Host console").waitFor();

    // Two teams join from their own browsers; the projector is open.
    const orion = await newPage("orion");
    const vega = await newPage("vega");
    await Promise.all([joinAsTeam(orion, code, "Ada", "Orion"), joinAsTeam(vega, code, "Bo", "Vega")]);
    const screen = await newPage("screen");
    await screen.goto(`${fd.url}/screen/${code}`);
    await screen.locator('[data-team="Orion"]').waitFor();
    await screen.locator('[data-team="Vega"]').waitFor();

    // Orion downloads its kubeconfig from its console.
    const download = orion.waitForEvent("download");
    await orion.getByRole("button", { name: "Download kubeconfig" }).click();
    const file = join(mkdtempSync(join(tmpdir(), "e2e-kubeconfig-")), "orion.kubeconfig");
    await (await download).saveAs(file);
    const before = await kubectl(["get", "pods"], { kubeconfig: file });
    expect(before.stdout).toMatch(/frontend-\S+\s+1\/1\s+Running/);

    // The host starts and injects from the console.
    await host.getByRole("button", { name: "Start" }).click();
    await host.getByTestId("phase").getByText("running").waitFor();
    await host.getByLabel("Scenario to inject").selectOption(SCENARIO);
    await host.getByRole("button", { name: "Inject" }).click();
    await orion.locator('.incident-card [data-status="injected"]').waitFor({ timeout: 15_000 });
    await vega.locator('.incident-card [data-status="injected"]').waitFor({ timeout: 15_000 });
    await waitFor(async () => /ImagePullBackOff|ErrImagePull/.test((await kubectl(["get", "pods"], { kubeconfig: file })).stdout), "Orion's frontend to break");
    await shot(orion, "04-team-console-incident");

    // Orion diagnoses, then fixes, with real kubectl.
    await kubectl(["describe", "pods", "-l", "app=frontend"], { kubeconfig: file });
    await orion.locator('.incident-card [data-status="diagnosed"]').waitFor({ timeout: 10_000 });
    await expect(orion.locator(".activity-feed").getByText("kubectl describe").first().isVisible()).resolves.toBe(true);
    const fix = await kubectl(["set", "image", "deployment/frontend", `frontend=${GOOD_IMAGE}`], { kubeconfig: file });
    expect(fix.code).toBe(0);

    // The moment the server records the recovery, every screen has LIVE_UPDATE_BUDGET_MS to show it.
    const game = fd.service.active(code)!;
    await waitFor(() => game.runtime.events().some((e) => e.type === "incident-recovered"), "the recovery to be recorded", 60_000);
    const recoveredAt = Date.now();
    await Promise.all([
      orion.locator('.incident-card [data-status="recovered"]').waitFor({ timeout: LIVE_UPDATE_BUDGET_MS }),
      screen.locator('[data-team="Orion"][data-rank="1"] [data-status="recovered"]').waitFor({ timeout: LIVE_UPDATE_BUDGET_MS }),
      host.locator('tr[data-team="Orion"] [data-status="recovered"]').waitFor({ timeout: LIVE_UPDATE_BUDGET_MS }),
      vega.locator('[data-team="Orion"][data-rank="1"]').waitFor({ timeout: LIVE_UPDATE_BUDGET_MS }),
    ]);
    expect(Date.now() - recoveredAt).toBeLessThan(LIVE_UPDATE_BUDGET_MS);
    await screen.locator('[data-team="Vega"][data-rank="2"]').waitFor({ timeout: LIVE_UPDATE_BUDGET_MS });
    await shot(orion, "05-team-console-recovered");
    await shot(vega, "06-other-team-console");
    await shot(screen, "07-big-screen");
    await shot(host, "08-host-console");

    // The host ends the game; the debrief renders the timeline chart and the commands.
    await host.getByRole("button", { name: "End game" }).click();
    await host.getByRole("button", { name: "Yes, end it" }).click();
    await host.getByTestId("phase").getByText("ended").waitFor();
    await host.goto(`${fd.url}/debrief/${code}`);
    await host.getByTestId("timeline-chart").locator("svg .recharts-bar-rectangle").first().waitFor({ timeout: 15_000 });
    const commands = host.getByTestId("commands");
    await commands.getByText("kubectl describe").first().waitFor();
    await commands.getByText("kubectl set image").first().waitFor();
    await host.getByRole("heading", { name: "What happened" }).waitFor();
    await shot(host, "09-debrief");

    // A team's own debrief view works from its browser too.
    await orion.goto(`${fd.url}/debrief/${code}`);
    await orion.getByTestId("commands").getByText("kubectl set image").first().waitFor();

    expect(consoleErrors).toEqual([]);
  });
});
