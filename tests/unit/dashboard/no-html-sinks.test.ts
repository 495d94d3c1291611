import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.ts';

/** Data is never rendered as HTML: no HTML-parsing sink anywhere in the page's sources or its charts. */
const SINKS = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|renderMode:\s*'html'/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe('dashboard sources', () => {
  it('write data only as text nodes and attributes', () => {
    const sources = [...files(join(repoRoot, 'dashboard/src')), ...files(join(repoRoot, 'shared/charts'))];
    expect(sources.length).toBeGreaterThan(10);
    const offenders = sources.filter((f) => SINKS.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    expect(SINKS.test('el.innerHTML = name')).toBe(true);
  });
});
