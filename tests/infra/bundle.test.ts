import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { esmRequireBanner } from '../../infra/constructs/node-function.ts';
import { buildStack, handlersExist, realEntries } from './helpers.ts';
import { StackView, type Json } from './template-tools.ts';

describe('bundling (esbuild, once for the three handlers)', () => {
  let outdir: string | undefined;
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles each handler locally into a minified ESM index.mjs with its source map and the createRequire banner', (ctx) => {
    if (!handlersExist) ctx.skip(`handler files missing: ${Object.values(realEntries).filter((f) => !existsSync(f)).join(', ')}`);
    outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-bundle-'));
    const { app, stack } = buildStack({ stage: 'prod', bundle: true, outdir });
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as Json;
    const view = new StackView(stack);
    for (const fn of [stack.handlers.ingestFunction, stack.handlers.recomputeFunction, stack.handlers.apiFunction]) {
      const key = template.Resources[view.id(fn)].Properties.Code.S3Key as string;
      const assetDir = path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
      expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
      expect(code.startsWith(esmRequireBanner)).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(code).toMatch(/export\s*\{[^}]*\b(as handler|handler)\b[^}]*\}/);
      // Minified: a handful of lines (multi-line string literals survive) rather than one per statement.
      expect(code.split('\n').length).toBeLessThan(10 + code.length / 2000);
    }
  }, 120_000);
});
