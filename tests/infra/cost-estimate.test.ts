import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { costTable, monthlyCost, total } from '../../infra/cost/estimate.ts';
import { prices } from '../../infra/cost/prices.ts';
import { club, typicalSquad, unitAssumptions } from '../../infra/cost/usage.ts';
import { repoRoot } from '../../infra/constructs/node-function.ts';
import { buildStack } from './helpers.ts';
import { StackView } from './template-tools.ts';

const line = (lines: ReturnType<typeof monthlyCost>, item: string) => lines.find((l) => l.item === item)!;

describe('cost estimate', () => {
  it('is the table the README shows (regenerate with `npm run cost`)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = /<!-- cost-table:begin -->\n([\s\S]*?)\n<!-- cost-table:end -->/.exec(readme);
    expect(section, 'README cost-table markers').not.toBeNull();
    expect(section![1]).toBe(costTable());
  });

  it('prices Lambda by GB-seconds: objects × 3 s × 1 GB + batches × 1 s × 1 GB + requests × 0.15 s × 0.5 GB', () => {
    const tests = 60 * (52 / 12);
    const objects = 2 * (52 / 12) + tests;
    const batches = (2 * (52 / 12) * 60 + tests) / 10;
    const api = 5 * 20 * 40;
    const gbS = objects * 3 + batches * 1 + api * 0.15 * 0.5;
    expect(line(monthlyCost(typicalSquad), 'Lambda compute (arm64)').usd).toBeCloseTo(gbS * prices.lambdaPerGbSecond, 10);
    expect(line(monthlyCost(typicalSquad), 'DynamoDB writes (on-demand)').quantity).toMatch(/^9,698 WRU \(260 tests, 6,240 workout rows\)$/);
  });

  it('grows the variable costs 20-fold for a 20-team club and keeps the fixed ones', () => {
    const squad = monthlyCost(typicalSquad);
    const twenty = monthlyCost(club);
    expect(line(twenty, 'API Gateway (HTTP API)').usd).toBeCloseTo(20 * line(squad, 'API Gateway (HTTP API)').usd, 10);
    expect(line(twenty, 'Cognito (Plus plan, prod)').usd).toBeCloseTo(20 * line(squad, 'Cognito (Plus plan, prod)').usd, 10);
    expect(line(twenty, 'CloudWatch alarms + dashboard').usd).toBe(line(squad, 'CloudWatch alarms + dashboard').usd);
    expect(total(twenty)).toBeGreaterThan(total(squad));
    expect(total(squad)).toBeCloseTo(squad.reduce((s, l) => s + l.usd, 0), 10);
  });

  it('counts the alarms the stack really creates', () => {
    const { stack } = buildStack({ stage: 'prod' });
    expect(new StackView(stack).ofType('AWS::CloudWatch::Alarm')).toHaveLength(unitAssumptions.alarms);
  });
});
