/**
 * The README is the user's manual: every in-page link must land on a heading, and every relative link on a
 * file of the repository. Anchors follow GitHub's slugs (lower case, punctuation dropped, spaces to hyphens,
 * repeats numbered -1, -2…).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
// Fenced code is not markdown: its `#` lines are shell comments.
const prose = readme.replace(/^```[\s\S]*?^```/gm, '');

export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);

describe('README links', () => {
  it('slugs headings as GitHub does', () => {
    expect(slug('`eccentric analyze --json` output')).toBe('eccentric-analyze---json-output');
    expect(slug('Eccentric trace format (`eccentric-trace@1`)')).toBe('eccentric-trace-format-eccentric-trace1');
    expect(slug('Identity, cleaning and quality')).toBe('identity-cleaning-and-quality');
  });

  it('has in-page links, each to a heading that exists', () => {
    const targets = anchors(prose);
    const inPage = links.filter((l) => l.startsWith('#')).map((l) => l.slice(1));
    expect(inPage.length).toBeGreaterThan(10);
    expect(inPage.filter((a) => !targets.has(a))).toEqual([]);
  });

  it('links only to files that exist in the repository', () => {
    const relative = links.filter((l) => !/^(#|https?:|mailto:)/.test(l)).map((l) => l.split('#')[0]!);
    expect(relative.length).toBeGreaterThan(0);
    expect(relative.filter((f) => !existsSync(join(root, f)))).toEqual([]);
  });
});
