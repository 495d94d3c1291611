import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { realFiles } from '../support/paths.ts';

/**
 * Day/month order on the local pipeline: learned from a file that settles it, held when nothing does, and
 * read again once the team (or an answer for the upload) gives it. Re-reads go through the SQS client to
 * INGEST_QUEUE_URL, the local runtime's SQS endpoint (recomputes to RECOMPUTE_QUEUE_URL beside it).
 */
let t: TestStack;
const full = readFileSync(realFiles.hub);
/** The US Hub export's header and first ten rows: no day above 12 among them (the first is on line 71). */
const firstTen = Buffer.from(full.toString('utf8').split('\n').slice(0, 11).join('\n'));

beforeAll(async () => {
  t = await startTestStack();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function as(team: string) {
  const token = await t.stack.signToken(team);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const upload = async (name: string, bytes: Buffer) => {
    const key = `uploads/${team}/${name}`;
    await t.s3.send(new PutObjectCommand({ Bucket: t.stack.bucket, Key: key, Body: bytes }));
    await t.settle();
    const list = await call('GET', `/teams/${team}/uploads?limit=100`);
    const id = list.body.uploads.find((u: { key: string }) => u.key === key).uploadId as string;
    return (await call('GET', `/teams/${team}/uploads/${id}`)).body;
  };
  const report = async (uploadId: string) => (await call('GET', `/teams/${team}/uploads/${uploadId}`)).body;
  const squad = async () => (await call('GET', `/teams/${team}/squad?limit=500`)).body.athletes.map((a: any) => [a.athleteId, a.latest?.testId ?? null]);
  return { call, upload, report, squad };
}

describe('day/month order', () => {
  it("the audit's case: the full US export, then its first ten rows: the same tests, latest unchanged", async () => {
    const us = await as('us-college');
    const first = await us.upload('full.csv', full);
    expect(first.status).toBe('done');
    expect(first.storedTests).toBe(195);
    expect(first.dateOrderLearned).toMatchObject({ dateOrder: 'MDY', teamSetting: true, evidence: expect.stringMatching(/^line 71/) });
    const settings = await us.call('GET', '/teams/us-college/settings');
    expect(settings.body).toMatchObject({ dateOrder: 'MDY', dateOrderLearned: { uploadId: first.uploadId, fileName: 'full.csv', evidence: expect.stringMatching(/^line 71/) } });
    // What GET answers can be sent back as it is (a client replacing the settings): the learned origin is kept.
    const { teamId: _t, defaults: _d, ...asRead } = settings.body;
    expect((await us.call('PUT', '/teams/us-college/settings', asRead)).status).toBe(200);
    expect((await us.call('GET', '/teams/us-college/settings')).body.dateOrderLearned).toEqual(settings.body.dateOrderLearned);
    const before = await us.squad();
    const athletes = [...new Set(firstTen.toString('utf8').split('\n').slice(1).map((line) => line.split(',')[0]!.replace(/"/g, '').toLowerCase().replace(/ /g, '-')))];
    const histories = async () => Promise.all(athletes.map(async (a) => (await us.call('GET', `/teams/us-college/athletes/${a}/tests?limit=200`)).body.tests.map((x: { testId: string; testedAt: string }) => `${x.testId}@${x.testedAt}`).sort()));
    const historiesBefore = await histories();
    expect(historiesBefore.flat().length).toBeGreaterThanOrEqual(10);

    const ten = await us.upload('first ten.csv', firstTen);
    expect(ten.status).toBe('done');
    expect(ten.summary.dateOrder).toMatchObject({ used: 'MM/DD/YYYY', decidedBy: 'setting' });
    expect(ten.storedTests).toBe(10);
    // The same tests (no re-dated duplicates) and the same latest test for every athlete.
    expect(await histories()).toEqual(historiesBefore);
    expect(await us.squad()).toEqual(before);
  });

  it('nothing settles the order and the team has none: held, then read again when the team sets it', async () => {
    const team = await as('fresh-team');
    const held = await team.upload('first ten.csv', firstTen);
    expect(held.status).toBe('held');
    expect(held.storedTests).toBe(0);
    expect(held.held).toMatchObject({ rows: 10, example: expect.stringMatching(/"02\/03\/2026": 3 February as MM\/DD\/YYYY, 2 March as DD\/MM\/YYYY/) });
    expect(held.held.message).toMatch(/PUT \/teams\/fresh-team\/settings/);
    expect(await team.squad()).toEqual([]);

    const put = await team.call('PUT', '/teams/fresh-team/settings', { dateOrder: 'MDY' });
    expect(put.status).toBe(200);
    expect(put.body.reingested).toEqual([held.uploadId]);
    await t.settle();
    const done = await team.report(held.uploadId);
    expect(done.status).toBe('done');
    expect(done.storedTests).toBe(10);
    expect(done.held).toBeNull();
    expect(done.summary.dateOrder).toMatchObject({ decidedBy: 'setting', used: 'MM/DD/YYYY' });
    // Set again: nothing is held any more.
    expect((await team.call('PUT', '/teams/fresh-team/settings', { dateOrder: 'MDY' })).body.reingested).toEqual([]);
  });

  it('an answer for one held upload: read with it, and the team takes it when it had none', async () => {
    const team = await as('answer-team');
    const held = await team.upload('first ten.csv', firstTen);
    expect(held.status).toBe('held');
    expect((await team.call('POST', `/teams/answer-team/uploads/${held.uploadId}/date-order`, { dateOrder: 'YMD' })).status).toBe(400);
    const answered = await team.call('POST', `/teams/answer-team/uploads/${held.uploadId}/date-order`, { dateOrder: 'MDY' });
    expect(answered.status).toBe(202);
    expect(answered.body).toEqual({ uploadId: held.uploadId, dateOrder: 'MDY', teamDateOrder: 'MDY', reingested: [held.uploadId] });
    await t.settle();
    const done = await team.report(held.uploadId);
    expect([done.status, done.storedTests, done.summary.dateOrder.decidedBy]).toEqual(['done', 10, 'answer']);
    expect((await team.call('GET', '/teams/answer-team/settings')).body.dateOrderLearned.evidence).toBe(`answered for upload ${held.uploadId}`);
    // Not held any more: a second answer is refused.
    expect((await team.call('POST', `/teams/answer-team/uploads/${held.uploadId}/date-order`, { dateOrder: 'DMY' })).status).toBe(409);
  });

  it('a later file that settles the order releases the held ones', async () => {
    const team = await as('learning-team');
    const held = await team.upload('first ten.csv', firstTen);
    expect(held.status).toBe('held');
    const settling = await team.upload('full.csv', full);
    expect(settling.dateOrderLearned).toMatchObject({ dateOrder: 'MDY', teamSetting: true });
    await t.settle();
    const released = await team.report(held.uploadId);
    expect([released.status, released.storedTests]).toEqual(['done', 10]);
    expect(t.stack.queue.deadLetters).toEqual([]);
  });
});
