import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectTrace, maybeGunzip } from '../../../shared/trace-formats/index.ts';
import { chunks, fixture, HUB } from './helpers.ts';

const collect = async (it: AsyncIterable<Buffer>) => {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return Buffer.concat(out);
};

describe('detectTrace (by content, not file name)', () => {
  it('recognises every fixture', () => {
    expect(detectTrace(fixture(HUB))).toBe('vald-force-trace-csv');
    expect(detectTrace(fixture('vald-api-trace-50hz.json'))).toBe('vald-api-trace');
    expect(detectTrace(fixture('eccentric-example.json'))).toBe('eccentric-trace');
    expect(detectTrace(fixture('eccentric-example.csv'))).toBe('eccentric-trace');
  });

  it('handles a BOM, ";" headers, a head cut mid-file and bare sample arrays', () => {
    expect(detectTrace('\uFEFFTime (s);Left Force (N);Right Force (N)\n0;1')).toBe('vald-force-trace-csv');
    expect(detectTrace(fixture('vald-api-trace-50hz.json').subarray(0, 300))).toBe('vald-api-trace');
    expect(detectTrace('[{"ticks":0,"leftForce":1,"rightForce":2}]')).toBe('vald-api-trace');
  });

  it('returns null for other uploads (Hub results export, VALD tests JSON, roster, gzip bytes)', () => {
    expect(detectTrace('"Name","ExternalId","Test","Date UTC","Time UTC","L Reps","R Reps","L Max Force (N)","R Max Force (N)"\n')).toBeNull();
    expect(detectTrace('[{"testId":"x","leftMaxForce":300}]')).toBeNull();
    expect(detectTrace('{"tests":[]}')).toBeNull();
    expect(detectTrace('Name,Body Mass (kg),Squad\nJane,60,A\n')).toBeNull();
    expect(detectTrace(fixture(`${HUB}.gz`))).toBeNull();
    expect(detectTrace('')).toBeNull();
  });
});

describe('maybeGunzip', () => {
  it('decompresses gzip however it is chunked (the magic split across chunks too)', async () => {
    const plain = fixture(HUB);
    for (const size of [1, 2, 3, 1000, 1 << 20]) expect(await collect(maybeGunzip(chunks(fixture(`${HUB}.gz`), size)))).toEqual(plain);
  });

  it('passes anything else through unchanged, including tiny and empty inputs', async () => {
    expect(await collect(maybeGunzip(chunks(fixture(HUB), 5)))).toEqual(fixture(HUB));
    expect(await collect(maybeGunzip(chunks(Buffer.from('x'), 1)))).toEqual(Buffer.from('x'));
    expect(await collect(maybeGunzip(chunks(Buffer.alloc(0), 1)))).toEqual(Buffer.alloc(0));
  });

  it('streams: the first output arrives before the input ends', async () => {
    const big = gzipSync(randomBytes(2 << 20));
    let fed = 0;
    async function* src() {
      for (let o = 0; o < big.length; o += 512) {
        fed = o;
        yield big.subarray(o, o + 512);
      }
    }
    for await (const c of maybeGunzip(src())) {
      expect(c.length).toBeGreaterThan(0);
      break;
    }
    expect(fed).toBeLessThan(big.length - 512);
  });

  it('throws on a corrupt stream (parseTrace turns that into a rejection)', async () => {
    const bad = Buffer.concat([fixture(`${HUB}.gz`).subarray(0, 100), Buffer.alloc(100, 1)]);
    await expect(collect(maybeGunzip(chunks(bad, 64)))).rejects.toThrow();
  });
});
