import { describe, expect, it } from 'vitest';
import { IdleCollector } from '#infra/local/idle-gc.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the idle collector', () => {
  it('runs one full GC once nothing has happened for its delay, and none while work is in progress', async () => {
    let busy = true;
    const c = new IdleCollector(30, () => busy);
    c.poke();
    c.poke();
    await wait(80);
    expect(c.collections).toBe(0); // still busy: it waits
    busy = false;
    await wait(80);
    expect(c.collections).toBe(1);
    await wait(80);
    expect(c.collections).toBe(1); // once per burst of work
    c.stop();
  });

  it('is off with a delay of 0', async () => {
    const c = new IdleCollector(0, () => false);
    c.poke();
    await wait(30);
    expect(c.collections).toBe(0);
  });
});
