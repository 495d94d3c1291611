import { describe, expect, it } from 'vitest';
import { notificationBody } from '#infra/local/s3-bridge.ts';
import { SignJWT, UnsecuredJWT } from 'jose';
import { signDevToken, verifyDevToken } from '#infra/local/dev-token.ts';

const s3rverEvent = (key: string, eventName = 'ObjectCreated:Put') => ({ Records: [{ eventName, eventTime: 't', s3: { bucket: { name: 'b' }, object: { key } } }] });

describe('s3rver → queue bridge', () => {
  it('applies the deployed notification filter (ObjectCreated under uploads/)', () => {
    expect(notificationBody(s3rverEvent('reports/t/x.json'))).toBeNull();
    expect(notificationBody(s3rverEvent('uploads/t/x.csv', 'ObjectRemoved:Delete'))).toBeNull();
    expect(notificationBody(s3rverEvent('uploads/t/x.csv', 'ObjectCreated:Post'))).not.toBeNull();
  });

  it('refuses (logs, never forwards) keys with dot, empty or encoded-separator segments, backslashes and control characters', () => {
    const logged: string[] = [];
    for (const key of ['uploads/t/../../traces/b/x/y.f32', 'uploads/t/../../../../etc/x', 'uploads/t/%2e%2e/x.csv', 'uploads/t/a%2Fb.csv', 'uploads/t/a\\b.csv', 'uploads/t/a\u0000b.csv', 'uploads/t//x.csv']) {
      expect(notificationBody(s3rverEvent(key), (line) => logged.push(line)), key).toBeNull();
    }
    expect(logged).toHaveLength(7);
    expect(logged[0]).toMatch(/^local S3: not ingested: key "uploads\/t\/\.\.\/\.\.\/traces\/b\/x\/y\.f32" has a dot segment/);
    // One bad record does not hold back a good one in the same event.
    const mixed = { Records: [...s3rverEvent('uploads/t/../x.csv').Records, ...s3rverEvent('uploads/t/ok.csv').Records] };
    expect(JSON.parse(notificationBody(mixed, () => undefined)!).Records.map((r: { s3: { object: { key: string } } }) => r.s3.object.key)).toEqual(['uploads/t/ok.csv']);
  });

  it('encodes keys the way real S3 does (spaces as +)', () => {
    const body = JSON.parse(notificationBody(s3rverEvent('uploads/t/my season+1 é.csv'))!);
    expect(body.Records[0].s3.object.key).toBe('uploads/t/my+season%2B1+%C3%A9.csv');
  });
});

describe('dev token', () => {
  const secret = new Uint8Array(32).fill(7);
  it('is a real signed JWT carrying the team claim', async () => {
    const token = await signDevToken(secret, 'demo');
    expect(token.split('.')).toHaveLength(3);
    expect(await verifyDevToken(secret, token)).toMatchObject({ teamId: 'demo', iss: 'eccentric-local', aud: 'eccentric-api' });
  });

  it('is refused when signed with another key or expired', async () => {
    const other = await signDevToken(new Uint8Array(32).fill(8), 'demo');
    await expect(verifyDevToken(secret, other)).rejects.toThrow();
    const expired = await signDevToken(secret, 'demo', 'dev', '-1m');
    await expect(verifyDevToken(secret, expired)).rejects.toThrow(/exp/);
  });

  it('is refused without exp, unsigned (alg: none), with a forged signature, or for another issuer or audience', async () => {
    const now = Math.floor(Date.now() / 1000);
    const noExp = await new SignJWT({ teamId: 'demo' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('eccentric-local').setAudience('eccentric-api').sign(secret);
    await expect(verifyDevToken(secret, noExp)).rejects.toThrow(/"exp" claim/);
    const unsigned = new UnsecuredJWT({ teamId: 'demo' }).setIssuer('eccentric-local').setAudience('eccentric-api').setExpirationTime(now + 600).encode();
    await expect(verifyDevToken(secret, unsigned)).rejects.toThrow();
    const [header, , signature] = (await signDevToken(secret, 'demo')).split('.');
    const otherTeam = Buffer.from(JSON.stringify({ teamId: 'other', iss: 'eccentric-local', aud: 'eccentric-api', exp: now + 600 })).toString('base64url');
    await expect(verifyDevToken(secret, `${header}.${otherTeam}.${signature}`)).rejects.toThrow(/signature/);
    for (const [iss, aud] of [['someone-else', 'eccentric-api'], ['eccentric-local', 'another-api']]) {
      const wrong = await new SignJWT({ teamId: 'demo' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(iss!).setAudience(aud!).setExpirationTime(now + 600).sign(secret);
      await expect(verifyDevToken(secret, wrong)).rejects.toThrow(/"iss"|"aud"/);
    }
  });
});
