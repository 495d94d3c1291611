import { describe, expect, it } from 'vitest';
import type { AthleteSummary } from '#core/model/risk.ts';
import { demoStartFor, type DemoProfile } from '#core/synthetic/demo-squad.ts';
import { demoThroughCore } from '../support/demo-offline.ts';

/**
 * Each designed demo athlete's status and reasons, through the offline core (the files through the analyzer
 * as ingest reads them, then summariseSquad as of the demo's Saturday). The lead asserts the same through
 * the pipeline.
 */
const { demo, results, squad } = await demoThroughCore();
const nordic = (athleteId: string): AthleteSummary => squad.athletes.find((a) => a.input.athlete.athleteId === athleteId)!.summaries.find((s) => s.testType === 'Nordic')!;
const withProfile = (p: DemoProfile) => demo.athletes.filter((a) => a.profiles.includes(p));
const codes = (s: AthleteSummary) => s.status.reasons.map((r) => r.code);

describe('the demo squad through the offline core', () => {
  it('reads every file with no rejection but the export’s real quirks (no-rep rows)', () => {
    expect(results.map((r) => [r.summary.file, r.kind])).toEqual([
      ['demo-roster.csv', 'roster'],
      ['demo-season-nordbord.csv', 'vald-hub-results'],
      ['demo-cases-nordbord.csv', 'vald-hub-results'],
      ['demo-gym-log.csv', 'workout-log'],
      ['demo-load-log.json', 'workout-log'],
    ]);
    expect(results.flatMap((r) => r.rejected).filter((x) => x.code !== 'no-reps')).toEqual([]);
    expect(results[3]!.summary.dateOrder).toMatchObject({ used: 'DD/MM/YYYY', decidedBy: 'values' });
    expect(squad.athletes).toHaveLength(31);
  });

  it.each(withProfile('weak').map((a) => [a.name, a.athleteId]))('weak %s: red, both legs below 337 N (Timmins 2016)', (_, id) => {
    const s = nordic(id);
    expect(s.status.level).toBe('red');
    expect(s.status.reasons.filter((r) => r.code === 'strength-below-threshold').map((r) => [r.side, r.threshold, r.source])).toEqual([['left', 337, 'Timmins 2016'], ['right', 337, 'Timmins 2016']]);
  });

  it.each(withProfile('imbalanced').map((a) => [a.name, a.athleteId]))('imbalanced %s: red, imbalance ≥ 20 % (Bourne 2015)', (_, id) => {
    const r = nordic(id).status.reasons.find((x) => x.code === 'imbalance-above-threshold')!;
    expect(r).toMatchObject({ level: 'red', threshold: 20, source: 'Bourne 2015' });
    expect(r.value).toBeGreaterThanOrEqual(20);
  });

  it.each(withProfile('declining').map((a) => [a.name, a.athleteId]))('declining %s: a decline vs baseline through both gates', (_, id) => {
    const s = nordic(id);
    expect(['amber', 'red']).toContain(s.status.level);
    expect(codes(s)).toContain('decline-vs-baseline');
    expect(s.change!.left.deltaPct!).toBeLessThan(-3);
  });

  const [widening] = withProfile('widening');
  it(`widening ${widening!.name}: amber, imbalance rising ~1 %/week, crossing 15 % within 6 weeks`, () => {
    const s = nordic(widening!.athleteId);
    expect(s.status.level).toBe('amber');
    expect(codes(s)).toEqual(['imbalance-rising']);
    expect(s.asymmetryTrend).toMatchObject({ warning: true, weakerSide: 'left', thresholdPct: 15 });
    expect(s.asymmetryTrend!.slopePctPerWeek!).toBeGreaterThan(0.8);
    expect(s.asymmetryTrend!.currentPct!).toBeLessThan(15);
    expect(s.status.reasons[0]!.message).toMatch(/^Imbalance 1[23] %, rising 1\.\d %\/week: crosses 15 % in ~[1-4] weeks \(Bourne 2015\)$/);
  });

  const [postMatch] = withProfile('post-match');
  it(`post-match ${postMatch!.name}: amber, MD+1 −11 % vs the fresh baseline, not recovered (Bueno 2021)`, () => {
    const s = nordic(postMatch!.athleteId);
    expect(codes(s)).toEqual(['post-load-not-recovered']);
    expect(s.postLoad!.latest).toMatchObject({ label: 'MD+1', markedBy: 'notes', note: 'MD+1 post-match', load: { exercise: 'match', source: 'notes' }, recovered: false });
    expect(s.status.reasons[0]!.message).toBe('MD+1: left −11 % vs fresh baseline, not recovered (Bueno 2021)');
    expect(s.change!.left.level).toBe('green'); // never a decline
  });

  const [noNordics] = withProfile('no-nordics');
  it(`no Nordics ${noNordics!.name}: amber, a gap over 3 weeks and compliance under 50 % (Ripley 2021)`, () => {
    const s = nordic(noNordics!.athleteId);
    expect(codes(s)).toEqual(['nordic-compliance-low', 'nordic-gap']);
    expect(s.exposure).toMatchObject({ last28: { sessions: 0 }, compliancePct: 0, lastNordic: '2026-08-24' });
  });

  const [bridge] = withProfile('poor-bridge');
  it(`poor bridge ${bridge!.name}: amber, left 12 reps poor (< 15, the article)`, () => {
    const s = nordic(bridge!.athleteId);
    expect(codes(s)).toEqual(['bridge-poor']);
    expect(s.bridge).toMatchObject({ preset: 'article', left: { reps: 12, band: 'poor' }, right: { reps: 22, band: 'satisfactory' } });
  });

  const [prone] = withProfile('light-prone-curl');
  it(`light prone curls ${prone!.name}: amber, 0.21 × body mass < 0.3 on both legs`, () => {
    const s = nordic(prone!.athleteId);
    expect(codes(s)).toEqual(['prone-curl-light', 'prone-curl-light']);
    expect(s.proneCurl).toMatchObject({ bodyMassKg: 85, left: { loadKg: 18, ratio: 0.21, meetsTarget: false } });
  });

  const [returning] = withProfile('returning');
  it(`returning ${returning!.name}: red, the injured left leg under 90 % of its pre-injury baseline`, () => {
    const s = nordic(returning!.athleteId);
    expect(s.status.level).toBe('red');
    expect(codes(s)).toContain('rtp-deficit');
    expect(s.rtp).toMatchObject({ injury: { date: '2026-10-06', side: 'left' }, reference: 'pre-injury-baseline', cleared: false, targetPct: 90 });
    expect(s.rtp!.preInjuryBaselineN!).toBeCloseTo(430, -1);
    expect(s.rtp!.latestPctOfBaseline!).toBeGreaterThan(75);
    expect(s.rtp!.latestPctOfBaseline!).toBeLessThan(90);
  });

  it('most ordinary athletes are green, and none is red', () => {
    const ordinary = demo.athletes.filter((a) => a.profiles.length === 0).map((a) => nordic(a.athleteId).status.level);
    expect(ordinary.filter((l) => l === 'red')).toEqual([]);
    expect(ordinary.filter((l) => l === 'green').length).toBeGreaterThanOrEqual(13);
  });

  it('the team risk counts and flags every designed athlete', () => {
    const { risk } = squad.aggregate;
    expect(risk.counts.red + risk.counts.amber + risk.counts.green).toBe(31);
    const flagged = new Set(risk.flagged.map((f) => f.athleteId));
    for (const a of demo.athletes.filter((x) => x.profiles.length > 0)) expect(flagged.has(a.athleteId)).toBe(true);
  });

  it('shows the same statuses and reasons in any week it is read (demoStartFor moves the season by whole weeks)', async () => {
    const levels = (sq: typeof squad) => sq.athletes.map((a) => {
      const s = a.summaries.find((x) => x.testType === 'Nordic')!;
      return [a.input.athlete.athleteId, s.status.level, s.status.reasons.map((r) => r.code).join(',')];
    });
    for (const now of [new Date(Date.UTC(2027, 2, 10, 9)), new Date(Date.UTC(2026, 11, 2, 23, 59))]) {
      const startDate = demoStartFor(now);
      const moved = await demoThroughCore({ startDate }, now);
      expect(moved.demo.asOf.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(now.getTime() - moved.demo.asOf.getTime()).toBeLessThan(7 * 86_400_000);
      expect(levels(moved.squad), now.toISOString()).toEqual(levels(squad));
    }
  });
});

