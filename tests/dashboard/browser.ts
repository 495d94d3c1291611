/**
 * Browser tests' support: Debian's Chromium through playwright-core (never a downloaded browser), a fresh
 * profile per launch, axe-core injected from node_modules, and screenshots kept as test artefacts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../support/paths.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const noChromiumMessage = `${CHROMIUM} is missing: the dashboard's browser tests are skipped (apt-get install -y chromium; .ci/run installs it)`;
export const artifactsDir = join(repoRoot, 'test-artifacts/dashboard');

export async function launch(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'eccentric-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serious and critical axe-core violations on the page as it is now. */
let axe: string | null = null;
const axeSource = () => (axe ??= readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'));

export async function axeViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource());
  const result = (await page.evaluate('axe.run(document)')) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The whole page, or with `viewportOnly` what a first look shows (the README's pictures). */
export async function screenshot(page: Page, name: string, viewportOnly = false): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: !viewportOnly });
}

/** How far the page scrolls sideways (≤ 0: it does not). */
export const sidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

/** The build's JavaScript and CSS, each gzipped at level 9, in bytes. */
export function gzippedBuildSize(distDir: string): { js: number; css: number; files: number } {
  const out = { js: 0, css: 0, files: 0 };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css)$/.test(name)) {
        out[name.endsWith('.js') ? 'js' : 'css'] += gzipSync(readFileSync(path), { level: 9 }).length;
        out.files++;
      }
    }
  };
  walk(distDir);
  return out;
}
