import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../cli/progress.ts';

const record = (tty: boolean, total: number) => {
  const out: string[] = [];
  return { bar: new ProgressBar('season.csv', total, tty, (t) => void out.push(t)), out };
};

describe('ProgressBar', () => {
  it('on a terminal redraws in place, only when the percentage changes', () => {
    const { bar, out } = record(true, 10_000_000);
    for (let done = 0; done <= 10_000_000; done += 1_000) bar.update(done);
    expect(out).toHaveLength(101); // 0 % … 100 %, not 10,001 writes
    expect(out[50]).toBe('\rseason.csv [###############---------------]  50% 5.0/10.0 MB \u001b[K');
    bar.finish('read in 1.2 s');
    expect(out.at(-1)).toBe('\rseason.csv read in 1.2 s\u001b[K\n');
  });

  it('elsewhere writes a line per quarter', () => {
    const { bar, out } = record(false, 4_000_000);
    for (let done = 0; done <= 4_000_000; done += 100_000) bar.update(done);
    expect(out).toEqual(['0% (0.0', '25% (1.0', '50% (2.0', '75% (3.0', '100% (4.0'].map((p) => `season.csv ${p}/4.0 MB)\n`));
  });

  it('never moves back when offsets arrive out of order (threads reading ahead)', () => {
    const { bar, out } = record(false, 4_000_000);
    for (const done of [1_100_000, 900_000, 2_100_000, 1_500_000, 4_000_000]) bar.update(done);
    expect(out.map((l) => l.split(' ')[1])).toEqual(['25%', '50%', '100%']);
    const tty = record(true, 100);
    tty.bar.update(60);
    tty.bar.update(40);
    expect(tty.out).toHaveLength(1);
  });

  it('an empty total is complete at once', () => {
    const { bar, out } = record(false, 0);
    bar.update(0);
    expect(out).toEqual(['season.csv 100% (0.0/0.0 MB)\n']);
  });

  it('counts parts for a large upload stored in chunks', () => {
    const out: string[] = [];
    const bar = new ProgressBar('archive.csv stored', 38, false, (t) => void out.push(t), 'parts');
    for (let done = 0; done <= 38; done++) bar.update(done);
    expect(out).toEqual(['0% (0/38', '25% (10/38', '50% (19/38', '75% (29/38', '100% (38/38'].map((p) => `archive.csv stored ${p} parts)\n`));
  });
});
