import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack } from './helpers.ts';

/**
 * One normalised template per stage, as a reviewable file: any change to what `cdk deploy` would do
 * shows up as a diff. Asset hashes (content- and machine-dependent) are replaced by a placeholder;
 * the security properties themselves are asserted one by one in the other tests.
 */
function normalise(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

describe('normalised template snapshot', () => {
  it.each(['dev', 'prod'] as const)('%s', async (stage) => {
    const { stack } = buildStack({ stage });
    const json = normalise(Template.fromStack(stack).toJSON());
    await expect(`${JSON.stringify(json, null, 2)}\n`).toMatchFileSnapshot(path.join(import.meta.dirname, '__snapshots__', `Eccentric-${stage}.template.json`));
  });
});
