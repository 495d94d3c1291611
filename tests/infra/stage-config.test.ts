import { describe, expect, it } from 'vitest';
import { defaultDevOrigins, readStageConfig, StageConfigError } from '../../infra/stage-config.ts';

const read = (context: Record<string, unknown>) => readStageConfig((key) => context[key]);

describe('readStageConfig', () => {
  it('defaults to a cheap, disposable dev stage', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      stackName: 'Eccentric-dev',
      dashboardDir: 'dashboard/dist',
      mfa: 'optional',
      threatProtection: 'off',
      authDomainPrefix: undefined,
      externalIdp: undefined,
      kms: false,
      rawToInfrequentAccessDays: 90,
      noncurrentVersionDays: 30,
      alarmEmail: undefined,
      devOrigins: [...defaultDevOrigins],
      customDomain: undefined,
      webAclArn: undefined,
      ingestConcurrency: 2,
      ingestPartsConcurrency: 2,
      recomputeConcurrency: 2,
      logRetentionDays: 14,
    });
  });

  it('gives prod threat protection, no dev origins, longer retention', () => {
    expect(read({ stage: 'prod' })).toMatchObject({
      stage: 'prod',
      stackName: 'Eccentric-prod',
      threatProtection: 'enforced',
      devOrigins: [],
      noncurrentVersionDays: 90,
      logRetentionDays: 90,
    });
  });

  it('reads lists as JSON arrays (cdk.json) or comma-separated text (-c)', () => {
    expect(read({ 'eccentric:devOrigins': 'http://localhost:3000, http://127.0.0.1:3000' }).devOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    expect(read({ stage: 'prod', 'eccentric:devOrigins': ['http://localhost:5173'] }).devOrigins).toEqual(['http://localhost:5173']);
    expect(read({ 'eccentric:jwtIssuer': 'https://idp.example/', 'eccentric:jwtAudience': 'a,b' }).externalIdp).toEqual({ issuer: 'https://idp.example/', audience: ['a', 'b'] });
  });

  it('reads booleans and numbers from text, as -c gives them', () => {
    expect(read({ 'eccentric:kms': 'true', 'eccentric:ingestConcurrency': '10' })).toMatchObject({ kms: true, ingestConcurrency: 10 });
    expect(read({ 'eccentric:kms': false }).kms).toBe(false);
  });

  it.each([
    [{ stage: 'staging' }, 'stage must be one of dev, prod, got "staging"'],
    [{ 'eccentric:mfa': 'sometimes' }, 'eccentric:mfa must be one of off, optional, required'],
    [{ 'eccentric:kms': 'yes' }, 'eccentric:kms must be true or false, got "yes"'],
    [{ 'eccentric:ingestConcurrency': '1' }, 'eccentric:ingestConcurrency must be a whole number from 2 to 1000, got "1"'],
    [{ 'eccentric:rawToInfrequentAccessDays': 10 }, 'eccentric:rawToInfrequentAccessDays must be a whole number from 30 to 3650, got 10'],
    [{ 'eccentric:logRetentionDays': '10' }, "eccentric:logRetentionDays must be one of CloudWatch's periods"],
    [{ 'eccentric:jwtIssuer': 'https://idp.example/' }, 'eccentric:jwtIssuer and eccentric:jwtAudience go together'],
    [{ 'eccentric:jwtIssuer': 'http://idp.example/', 'eccentric:jwtAudience': 'x' }, 'eccentric:jwtIssuer must be an https URL'],
    [{ 'eccentric:domainName': 'strength.example' }, 'eccentric:domainName needs eccentric:certificateArn'],
    [{ 'eccentric:domainName': 'a.example', 'eccentric:certificateArn': 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'must be an ACM certificate ARN in us-east-1'],
    [{ 'eccentric:webAclArn': 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/y' }, 'must be a WAFv2 web ACL of scope CLOUDFRONT'],
    [{ 'eccentric:authDomainPrefix': 'My_Club' }, 'eccentric:authDomainPrefix must be lower-case letters, digits and hyphens'],
    [{ 'eccentric:authDomainPrefix': 'club-cognito' }, 'may not contain "aws", "amazon" or "cognito"'],
    [{ 'eccentric:alarmEmail': 'ops' }, 'eccentric:alarmEmail is not an e-mail address: "ops"'],
    [{ 'eccentric:devOrigins': 'http://localhost:5173/app' }, 'is not an origin (scheme://host[:port], no path)'],
    [{ 'eccentric:dashboardDir': 42 }, 'eccentric:dashboardDir must be text, got 42'],
  ])('refuses %j with a message naming the key', (context, message) => {
    expect(() => read(context)).toThrow(StageConfigError);
    expect(() => read(context)).toThrow(message);
  });
});
