/**
 * The views drawing controlled answers in the risk contract's shapes (shared/model/risk.ts): /squad rows with
 * summaries, /risk and /trend made from the demo squad's real tests by intercepting the page's requests, so
 * every state (each status, the bridge and prone-curl bands) is drawn whatever the live analysis decides.
 * The live API itself is driven by dashboard.e2e.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '#infra/local/dashboard-server.ts';
import { loadDemo } from '#infra/local/demo.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { buildDemoSquad } from '#core/synthetic/demo-squad.ts';
import { hasChromium, launch, screenshot } from './browser.ts';
import { summaryFor, teamRisk, trendFrom } from './contract-fixtures.ts';

const DEMO_ATHLETES = buildDemoSquad().athletes.length;

describe.skipIf(!hasChromium)('views drawing the risk contract', () => {
  let stack: LocalStack;
  let browser: BrowserContext;
  let page: Page;

  const serveContract = async (route: Route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    if (path.endsWith('/squad')) {
      const body = (await (await route.fetch()).json()) as { athletes: Parameters<typeof summaryFor>[0][] };
      body.athletes = body.athletes.map((a) => ({ ...a, ...summaryFor(a) }));
      return route.fulfill({ json: body });
    }
    if (path.endsWith('/risk')) {
      const squad = (await (await route.fetch({ url: `${stack.apiUrl}/teams/demo/squad?limit=500` })).json()) as { athletes: Parameters<typeof summaryFor>[0][] };
      return route.fulfill({ json: teamRisk(squad.athletes.map((a) => ({ ...a, status: summaryFor(a).status }))) });
    }
    const trend = /\/athletes\/([^/]+)\/trend$/.exec(path);
    if (trend) {
      const tests = (await (await route.fetch({ url: `${stack.apiUrl}/teams/demo/athletes/${trend[1]}/tests?testType=Nordic&limit=200` })).json()) as { name: string; tests: Parameters<typeof trendFrom>[2] };
      return route.fulfill({ json: trendFrom(decodeURIComponent(trend[1]!), tests.name, tests.tests.reverse()) });
    }
    return route.continue();
  };

  beforeAll(async () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'eccentric-dash-')), 'dist');
    await buildDashboard(dist);
    stack = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), 'eccentric-dash-stack-')), retryDelayMs: 20, dashboard: { distDir: dist } });
    await loadDemo(stack);
    browser = await launch();
    page = await browser.newPage();
    await page.route(`${stack.apiUrl}/teams/demo/**`, serveContract);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const open = async (route: string) => {
    await page.goto('about:blank');
    await page.goto(`${stack.dashboardUrl}#/${route}`);
  };

  it('squad: statuses as words and icons, counts per status, reasons on expand, change and Nordic columns', async () => {
    await open('squad');
    await page.waitForSelector('tbody tr[data-row]');
    const counts = Object.fromEntries(await Promise.all((['red', 'amber', 'green'] as const).map(async (l) => [l, Number((await page.locator(`[data-count=${l}]`).innerText()).trim())])));
    expect(counts.red).toBeGreaterThanOrEqual(3); // weak and imbalanced demo athletes
    expect(counts.red + counts.amber + counts.green).toBe(DEMO_ATHLETES);
    const first = page.locator('tbody tr[data-row]').first();
    expect(await first.locator('td').first().innerText()).toMatch(/Red/); // sorted worst first, in words
    await first.locator('button.toggle').click();
    const reasons = await page.locator('tr.detail').first().innerText();
    expect(reasons).toMatch(/< 256 N \(Opar 2015\)|≥ 20 % \(Bourne 2015\)/);
    expect(await first.locator('td:nth-child(6)').innerText()).toMatch(/^−\d+\.\d %\n[LR] · z −0\.8$/);
    expect(await first.locator('td:nth-child(8)').innerText()).toBe('1 / 3\n75 % compliance');
    await page.selectOption('#filter-status', 'red');
    for (const s of await page.locator('tbody tr[data-row] td:first-child').allInnerTexts()) expect(s).toMatch(/Red/);
    await page.selectOption('#filter-status', '');
    await screenshot(page, 'contract-squad');
  });

  it('distribution: threshold lines with their source and the count below each', async () => {
    await open('distribution');
    await page.waitForSelector('[data-chart=peak-distribution] svg');
    const svg = await page.locator('[data-chart=peak-distribution] svg').innerHTML();
    expect(svg).toMatch(/279 N \(Opar 2015\): \d+ below/);
    expect(svg).toMatch(/256 N \(Opar 2015\): \d+ below/);
    expect(await page.locator('[data-count-below]').innerText()).toMatch(new RegExp(`^\\d+ of ${DEMO_ATHLETES} athletes have a leg below 279 N \\(Opar 2015\\); \\d+ of ${DEMO_ATHLETES} athletes have a leg below 256 N`));
    await screenshot(page, 'contract-distribution');
  });

  it('athlete: the baseline ± SWC band, thresholds, the injury, a post-load test, exposure and the strength tests', async () => {
    await open('athletes/owen-fletcher');
    await page.waitForSelector('[data-chart=peak-trend] svg');
    const chart = page.locator('[data-chart=peak-trend] svg');
    expect(await chart.locator('path[fill-opacity="0.14"]').count()).toBe(2); // one band per leg
    const text = await chart.innerHTML();
    expect(text).toContain('256 N (Opar 2015)');
    expect(text).toContain('Injury (left)');
    expect(await page.locator('[data-chart=peak-trend] + figcaption').innerText()).toContain('swc.hopkins-0.2-sd@1');
    expect(await page.locator('[data-chart=asymmetry-trend] svg').innerHTML()).toContain('Slope +0.6 %/week');
    expect(await page.locator('tbody').first().innerText()).toContain('MD+1');
    await page.waitForSelector('[data-chart=exposure] svg');
    expect(await page.locator('[data-chart=exposure] svg').innerHTML()).toContain('1/week (in-season, the article)');
    const strength = await page.locator('section[aria-labelledby=other-tests-h]').innerText();
    expect(strength).toMatch(/Single-leg bridge.*\tleft\t12\tpoor/);
    expect(strength).toMatch(/below 0.3 × BW/);
    await screenshot(page, 'contract-athlete');
    await page.locator('#history-h').scrollIntoViewIfNeeded();
  });
});
