import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultAsymmetryFormula } from '#core/metrics/asymmetry.ts';
import { traceDefaults } from '#core/traces/analyze-trace.ts';
import { apiEvent } from '../support/builders.ts';

process.env.TABLE_NAME = 'eccentric-test';
process.env.BUCKET_NAME = 'eccentric-data';
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_ENDPOINT_URL_S3;
delete process.env.AWS_ENDPOINT_URL_DYNAMODB;

const ddb = mockClient(DynamoDBDocumentClient);
let handleRequest: typeof import('#functions/api.ts').handleRequest;
beforeAll(async () => {
  ({ handleRequest } = await import('#functions/api.ts'));
});
afterEach(() => ddb.reset());

const teamA = { teamId: 'team-a', sub: 'coach' };
const body = (r: { body?: string }) => JSON.parse(r.body ?? '{}');

describe('path segments', () => {
  it('a malformed %-escape is a 400 naming the segment, before any read', async () => {
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/%E0%A4%A/tests', teamA));
    expect(res.statusCode).toBe(400);
    expect(body(res).message).toBe('malformed %-escape in the path segment "%E0%A4%A"');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a well-formed escape reaches the route decoded', async () => {
    ddb.on(GetCommand).resolves({});
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/athletes/jane%2Ddoe/tests', teamA));
    expect(res.statusCode).toBe(404);
    expect(body(res).message).toMatch(/jane-doe/);
  });
});

describe('GET settings', () => {
  it('answers what the team set and the defaults that apply where it set nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'TEAM#team-a', sk: 'SETTINGS', type: 'settings', dateOrder: 'MDY' } });
    const res = await handleRequest(apiEvent('GET', '/teams/team-a/settings', teamA));
    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({
      teamId: 'team-a',
      dateOrder: 'MDY',
      defaults: { dateOrder: 'DMY', asymmetryFormula: defaultAsymmetryFormula, traceParameters: { ...traceDefaults } },
    });
  });
});
