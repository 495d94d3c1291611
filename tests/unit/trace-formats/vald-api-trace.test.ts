import { describe, expect, it } from 'vitest';
import { parseTrace, parseValdApiTrace } from '../../../shared/trace-formats/index.ts';
import { fixture, ok, rejected } from './helpers.ts';

const api = (forces: unknown[], extra: Record<string, unknown> = { athleteId: 'prof-1' }) => JSON.stringify({ ...extra, forces });
const ticks = (n: number, spacing = 200_000, start = 0) => Array.from({ length: n }, (_, i) => ({ ticks: start + i * spacing, leftForce: 10 + (i % 100), rightForce: 20 + (i % 100) }));

describe('VALD API trace JSON', () => {
  it('reads the fixture: 50 Hz inferred from 200,000-tick spacing, ids and date from the content', async () => {
    const t = ok(parseValdApiTrace(fixture('vald-api-trace-50hz.json')));
    expect(t.kind).toBe('vald-api-trace');
    expect(t.sampleRateHz).toBe(50);
    expect(t.sampleRateSource).toBe('inferred from ticks: median spacing 200000 ticks = 50 Hz');
    expect(t.left.length).toBe(650);
    expect(t.meta).toMatchObject({
      valdProfileId: 'b7e0c1a2-1111-4c3d-9e8f-000000000042',
      athleteId: null,
      testId: '9f1c2d3e-0000-4a5b-8c9d-000000000001',
      testedAt: '2026-03-01T09:15:00.000Z',
      testType: 'Nordic',
      device: 'NordBord',
    });
    expect(t.meta.metaSources.valdProfileId).toBe('content');
    expect(t.warnings).toEqual([]);
    const routed = ok(await parseTrace(fixture('vald-api-trace-50hz.json')));
    expect(routed.left).toEqual(t.left);
  });

  it('reads absolute .NET ticks (rounded by doubles), profileId, 1 kHz, null forces and calibration', () => {
    const forces = ticks(2000, 10_000, 638_765_432_100_000_000);
    forces[5]!.leftForce = null as unknown as number;
    const t = ok(parseValdApiTrace(api(forces, { profileId: 'p-9', leftCalibration: 0, rightCalibration: 1.5 })));
    expect(t.sampleRateHz).toBe(1000);
    expect(t.meta.valdProfileId).toBe('p-9');
    expect(t.meta.calibration).toEqual({ left: 0, right: 1.5 });
    expect(Number.isNaN(t.left[5]!)).toBe(true);
    expect(t.warnings.map((w) => w.code)).toEqual(['missing-samples']);
  });

  it('warns about irregular spacing and fills dropped samples', () => {
    const jitter = ticks(100).map((f, i) => ({ ...f, ticks: f.ticks + (i % 10 === 3 ? 30_000 : 0) }));
    const t = ok(parseValdApiTrace(api(jitter)));
    expect(t.sampleRateHz).toBe(50);
    expect(t.warnings.find((w) => w.code === 'irregular-spacing')?.message).toMatch(/differ from the median by more than 5%/);
    const dropped = ok(parseValdApiTrace(api(ticks(100).filter((_, i) => i !== 40))));
    expect(dropped.left.length).toBe(100);
    expect(Number.isNaN(dropped.left[40]!)).toBe(true);
    expect(dropped.warnings.map((w) => w.code)).toEqual(['gaps-filled']);
  });

  describe('rejections', () => {
    it('one sample or zero/negative spacing: the rate cannot be inferred', () => {
      expect(rejected(parseValdApiTrace(api(ticks(1))))).toMatchObject({ code: 'sample-rate-unknown' });
      const same = ticks(5).map((f) => ({ ...f, ticks: 0 }));
      expect(rejected(parseValdApiTrace(api(same))).reason).toMatch(/does not increase at sample 2 \(spacing 0 ticks\)/);
      const back = ticks(5);
      back[3]!.ticks = 1;
      expect(rejected(parseValdApiTrace(api(back)))).toMatchObject({ code: 'sample-rate-unknown' });
    });

    it('text in a force, with the JSON path', () => {
      const forces: unknown[] = ticks(5);
      (forces[2] as Record<string, unknown>).rightForce = '21.5N';
      expect(rejected(parseValdApiTrace(api(forces)))).toMatchObject({ code: 'not-a-number', column: 'forces[2].rightForce' });
    });

    it('a force above 2,000 N', () => {
      const forces = ticks(5);
      forces[4]!.leftForce = 2400;
      expect(rejected(parseValdApiTrace(api(forces)))).toMatchObject({ code: 'force-out-of-range', column: 'forces[4].leftForce' });
    });

    it('missing forces, no samples, invalid JSON, empty file, no athlete', () => {
      expect(rejected(parseValdApiTrace(JSON.stringify({ athleteId: 'x' })))).toMatchObject({ code: 'missing-column', column: 'forces' });
      expect(rejected(parseValdApiTrace(api([])))).toMatchObject({ code: 'no-samples' });
      expect(rejected(parseValdApiTrace('{"forces": ['))).toMatchObject({ code: 'invalid-json' });
      expect(rejected(parseValdApiTrace(''))).toMatchObject({ code: 'empty-file' });
      expect(rejected(parseValdApiTrace(api(ticks(5), {})))).toMatchObject({ code: 'no-athlete' });
    });
  });
});
