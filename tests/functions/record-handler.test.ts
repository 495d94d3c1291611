import type { SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { decodeS3Key, parseUploadKey } from '#functions/ingest/s3-event.ts';
import { handleRecord } from '#functions/ingest/record-handler.ts';
import { encodeS3Key } from '#infra/local/s3-bridge.ts';
import { sqsRecord, s3Notification } from '../support/builders.ts';

describe('handleRecord', () => {
  it('ingests an ObjectCreated record with its key URL-decoded (+ is a space) and the object version as identity', async () => {
    const ingest = vi.fn(async () => ({ uploadId: 'u1', status: 'done' as const, storedTests: 1, rejected: 0 }));
    await handleRecord(sqsRecord(s3Notification('uploads/team-a/2026+season/hub%C3%A9+export.csv', { versionId: 'v7' })), ingest);
    expect(ingest).toHaveBeenCalledWith({
      objectId: 'eccentric-data/uploads/team-a/2026 season/hubé export.csv@v7',
      key: 'uploads/team-a/2026 season/hubé export.csv',
      versionId: 'v7',
      teamId: 'team-a',
      fileName: 'hubé export.csv',
      uploadTime: '2026-11-24T10:00:00.000Z',
    });
  });

  it('hands a chunk message to the chunk ingest with its message id, and refuses one whose ids would not make a safe key', async () => {
    const ingest = vi.fn();
    const chunk = vi.fn(async () => ({ uploadId: 'u0123456789abcdef', index: 2, outcome: 'stored' as const, finished: false }));
    const message = { eccentricChunk: { teamId: 'team-a', uploadId: 'u0123456789abcdef', planId: '0123456789abcdef', index: 2 } };
    const record = sqsRecord(message);
    await handleRecord(record, ingest, chunk);
    expect(chunk).toHaveBeenCalledWith(message.eccentricChunk, record.messageId);
    expect(ingest).not.toHaveBeenCalled();
    for (const bad of [{ teamId: '../team-b' }, { uploadId: 'u01/../../x' }, { planId: 'plan' }, { index: -1 }]) {
      await expect(handleRecord(sqsRecord({ eccentricChunk: { ...message.eccentricChunk, ...bad } }), ingest, chunk)).rejects.toThrow(/not a chunk message/);
    }
    expect(chunk).toHaveBeenCalledTimes(1);
  });

  it("acknowledges S3's test event without ingesting anything", async () => {
    const ingest = vi.fn();
    const body = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-24T10:00:00.000Z', Bucket: 'eccentric-data' };
    await expect(handleRecord(sqsRecord(body), ingest)).resolves.toEqual([]);
    expect(ingest).not.toHaveBeenCalled();
  });

  it('skips removals and keys outside uploads/<team>/ (never retried)', async () => {
    const ingest = vi.fn();
    await handleRecord(sqsRecord(s3Notification('reports/team-a/x.json')), ingest);
    await handleRecord(sqsRecord(s3Notification('uploads/Team A/x.csv')), ingest);
    await handleRecord(sqsRecord(s3Notification('uploads/team-a/x.csv', { eventName: 'ObjectRemoved:Delete' })), ingest);
    expect(ingest).not.toHaveBeenCalled();
  });

  it('throws with the message id and the schema path for a malformed message', async () => {
    await expect(handleRecord(sqsRecord('not json'), vi.fn())).rejects.toThrow(/body is not JSON/);
    await expect(handleRecord(sqsRecord({ Records: [{ eventName: 'ObjectCreated:Put' }] }), vi.fn())).rejects.toThrow(/Records\.0\.eventTime/);
  });
});

describe('object keys', () => {
  it('decodes what the local bridge encodes, for any key', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.includes('/')), { minLength: 1, maxLength: 4 }), (parts) => {
      const key = parts.join('/');
      expect(decodeS3Key(encodeS3Key(key))).toBe(key);
    }));
  });

  it('takes the team from uploads/<teamId>/…', () => {
    expect(parseUploadKey('uploads/club-1/a/b.csv')).toEqual({ ok: true, teamId: 'club-1', fileName: 'b.csv' });
    expect(parseUploadKey('uploads/club-1/')).toMatchObject({ ok: false });
    expect(parseUploadKey('uploads/a.csv')).toMatchObject({ ok: false });
  });

  it.each([
    ['uploads/../uploads/team-b/x.csv', /not a team id/],
    ['uploads/team-a/../team-b/x.csv', /dot segment/],
    ['uploads/team-a/%2e%2e/team-b/x.csv', /dot segment/],
    ['uploads/team-a/..%2Fteam-b%2Fx.csv', /encoded slash/],
    ['uploads/team-a/..\\team-b\\x.csv', /backslash/],
    ['uploads/team-a/x\u0000.csv', /control character/],
    ['uploads/team-a//x.csv', /empty segment/],
    ['uploads/Team-A/x.csv', /not a team id/],
  ])('refuses %j with the reason', (key, reason) => {
    expect(parseUploadKey(key)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('never ingests a hostile key that arrives URL-encoded, as real S3 sends it', async () => {
    const ingest = vi.fn();
    for (const key of ['uploads/team-a/../team-b/x.csv', 'uploads/team-a/%2e%2e/x.csv', 'uploads/team-a/a\\b.csv', 'uploads/team-a/a\u0000b.csv']) {
      await handleRecord(sqsRecord(s3Notification(encodeS3Key(key))), ingest);
    }
    expect(ingest).not.toHaveBeenCalled();
  });
});

export type { SQSRecord };
