import { describe, expect, it } from 'vitest';
import { isTraceKeyOf, traceKeyFor } from '#functions/adapters/trace-store.ts';
import { HOSTILE_IDS } from '../support/hostile-ids.ts';

describe('trace keys (defence in depth behind the boundaries)', () => {
  it('builds traces/<team>/<athlete>/<test>.f32 from ids the grammar accepts, in their key form (lower case)', () => {
    expect(traceKeyFor('demo', 'Jane.Doe@club', '9F1C2D3E-0000')).toBe('traces/demo/jane.doe@club/9f1c2d3e-0000.f32');
  });

  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 40), id]))('refuses to build a key with %s as any part', (_, id) => {
    expect(() => traceKeyFor('demo', id, 't1')).toThrow(/refusing to build a trace key/);
    expect(() => traceKeyFor('demo', 'a1', id)).toThrow(/refusing to build a trace key/);
    expect(() => traceKeyFor(id, 'a1', 't1')).toThrow(/refusing to build a trace key/);
  });

  it('recognises only its own team’s keys of that shape', () => {
    expect(isTraceKeyOf('traces/demo/a1/t1.f32', 'demo')).toBe(true);
    for (const key of ['traces/other/a1/t1.f32', 'traces/demo/../other/a1/t1.f32', 'traces/demo/a1/../../other/t1.f32', 'traces/demo/a1/t1.json', 'uploads/demo/a1/t1.f32', 'traces/demo/a%2Fb/t1.f32']) {
      expect(isTraceKeyOf(key, 'demo'), key).toBe(false);
    }
  });
});
