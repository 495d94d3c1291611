/**
 * Everything a deployment can choose, read from CDK context (`cdk.json` or `-c key=value`) and checked
 * once, so a typo fails `cdk synth` with the key's name instead of deploying something else.
 * Defaults depend on the stage: `dev` is cheap and disposable, `prod` keeps data and enforces more.
 */
export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

export type MfaSetting = 'off' | 'optional' | 'required';
export type ThreatProtection = 'off' | 'audit' | 'enforced';

export interface StageConfig {
  readonly stage: Stage;
  /** CloudFormation stack name: one stack per stage, so dev and prod can share an account. */
  readonly stackName: string;
  /** Folder with the dashboard build (`index.html` at its root), relative to the repository root or absolute. */
  readonly dashboardDir: string;
  readonly mfa: MfaSetting;
  /** Cognito threat protection ("advanced security"); anything but `off` needs the Plus feature plan. */
  readonly threatProtection: ThreatProtection;
  /** Hosted UI domain prefix; undefined → `eccentric-<stage>-<account id>` (unique per account and stage). */
  readonly authDomainPrefix: string | undefined;
  /** An external OpenID provider for the API's JWT authorizer instead of the stack's user pool. */
  readonly externalIdp: { readonly issuer: string; readonly audience: readonly string[] } | undefined;
  /** A customer-managed KMS key for the raw bucket (and the alarm topic); else SSE-S3. */
  readonly kms: boolean;
  /** Days after which raw uploads move to S3 Standard-IA (S3 requires at least 30). */
  readonly rawToInfrequentAccessDays: number;
  /** Days a replaced or deleted raw object's old version is kept. */
  readonly noncurrentVersionDays: number;
  /** Alarm e-mail subscription (confirm the e-mail SNS sends); undefined → topic without subscribers. */
  readonly alarmEmail: string | undefined;
  /** Extra origins (dev only by default) allowed by CORS and Cognito callbacks, e.g. a Vite dev server. */
  readonly devOrigins: readonly string[];
  /** Custom domain for the dashboard, with an ACM certificate in us-east-1. */
  readonly customDomain: { readonly domainName: string; readonly certificateArn: string } | undefined;
  /** A WAF web ACL (scope CLOUDFRONT) to attach to the distribution. */
  readonly webAclArn: string | undefined;
  /** Maximum concurrent ingest / recompute invocations per event source (SQS: 2–1000). */
  readonly ingestConcurrency: number;
  /** The same for a large upload's chunks (the ingest-parts queue). */
  readonly ingestPartsConcurrency: number;
  readonly recomputeConcurrency: number;
  /** Retention of the functions' and the API's log groups, in days. */
  readonly logRetentionDays: number;
}

/** Context keys, one place (README "Deploy to AWS" lists them). */
export const contextKeys = {
  stage: 'stage',
  dashboardDir: 'eccentric:dashboardDir',
  mfa: 'eccentric:mfa',
  threatProtection: 'eccentric:threatProtection',
  authDomainPrefix: 'eccentric:authDomainPrefix',
  jwtIssuer: 'eccentric:jwtIssuer',
  jwtAudience: 'eccentric:jwtAudience',
  kms: 'eccentric:kms',
  rawToInfrequentAccessDays: 'eccentric:rawToInfrequentAccessDays',
  noncurrentVersionDays: 'eccentric:noncurrentVersionDays',
  alarmEmail: 'eccentric:alarmEmail',
  devOrigins: 'eccentric:devOrigins',
  domainName: 'eccentric:domainName',
  certificateArn: 'eccentric:certificateArn',
  webAclArn: 'eccentric:webAclArn',
  ingestConcurrency: 'eccentric:ingestConcurrency',
  ingestPartsConcurrency: 'eccentric:ingestPartsConcurrency',
  recomputeConcurrency: 'eccentric:recomputeConcurrency',
  logRetentionDays: 'eccentric:logRetentionDays',
} as const;

/** The Vite dev server and `npm start`'s ports on loopback: HTTP API CORS takes no port wildcards. */
export const defaultDevOrigins = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4780',
  'http://127.0.0.1:4780',
] as const;

/** CloudWatch Logs accepts only these retention periods (days). */
const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export type ContextReader = (key: string) => unknown;

export class StageConfigError extends Error {}

export function readStageConfig(read: ContextReader): StageConfig {
  const stage = choice(read, contextKeys.stage, stages, 'dev');
  const prod = stage === 'prod';
  const issuer = text(read, contextKeys.jwtIssuer);
  const audience = list(read, contextKeys.jwtAudience);
  if ((issuer === undefined) !== (audience.length === 0)) {
    throw new StageConfigError(`${contextKeys.jwtIssuer} and ${contextKeys.jwtAudience} go together: set both for an external identity provider, or neither to trust the stack's user pool`);
  }
  if (issuer !== undefined && !/^https:\/\/[^\s/]+/.test(issuer)) {
    throw new StageConfigError(`${contextKeys.jwtIssuer} must be an https URL (the token's "iss"), got ${JSON.stringify(issuer)}`);
  }
  const domainName = text(read, contextKeys.domainName);
  const certificateArn = text(read, contextKeys.certificateArn);
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new StageConfigError(`${contextKeys.domainName} needs ${contextKeys.certificateArn} (an ACM certificate in us-east-1), and the other way round`);
  }
  if (certificateArn !== undefined && !/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new StageConfigError(`${contextKeys.certificateArn} must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there), got ${JSON.stringify(certificateArn)}`);
  }
  const webAclArn = text(read, contextKeys.webAclArn);
  if (webAclArn !== undefined && !/^arn:aws[\w-]*:wafv2:us-east-1:\d{12}:global\/webacl\//.test(webAclArn)) {
    throw new StageConfigError(`${contextKeys.webAclArn} must be a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:…:global/webacl/…), got ${JSON.stringify(webAclArn)}`);
  }
  const authDomainPrefix = text(read, contextKeys.authDomainPrefix);
  if (authDomainPrefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix)) {
    throw new StageConfigError(`${contextKeys.authDomainPrefix} must be lower-case letters, digits and hyphens (at most 63), got ${JSON.stringify(authDomainPrefix)}`);
  }
  if (authDomainPrefix !== undefined && /aws|amazon|cognito/.test(authDomainPrefix)) {
    throw new StageConfigError(`${contextKeys.authDomainPrefix} may not contain "aws", "amazon" or "cognito" (Cognito refuses such prefixes)`);
  }
  const alarmEmail = text(read, contextKeys.alarmEmail);
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new StageConfigError(`${contextKeys.alarmEmail} is not an e-mail address: ${JSON.stringify(alarmEmail)}`);
  }
  const devOrigins = read(contextKeys.devOrigins) === undefined ? (prod ? [] : [...defaultDevOrigins]) : list(read, contextKeys.devOrigins);
  for (const origin of devOrigins) {
    if (!/^https?:\/\/[^\s/:]+(?::\d{1,5})?$/.test(origin)) {
      throw new StageConfigError(`${contextKeys.devOrigins}: ${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`);
    }
  }
  const logRetentionDays = integer(read, contextKeys.logRetentionDays, prod ? 90 : 14, 1, 3653);
  if (!logRetentionChoices.includes(logRetentionDays)) {
    throw new StageConfigError(`${contextKeys.logRetentionDays} must be one of CloudWatch's periods (${logRetentionChoices.join(', ')}), got ${logRetentionDays}`);
  }
  return {
    stage,
    stackName: `Eccentric-${stage}`,
    dashboardDir: text(read, contextKeys.dashboardDir) ?? 'dashboard/dist',
    mfa: choice(read, contextKeys.mfa, ['off', 'optional', 'required'], 'optional'),
    threatProtection: choice(read, contextKeys.threatProtection, ['off', 'audit', 'enforced'], prod ? 'enforced' : 'off'),
    authDomainPrefix,
    externalIdp: issuer !== undefined ? { issuer, audience } : undefined,
    kms: flag(read, contextKeys.kms, false),
    rawToInfrequentAccessDays: integer(read, contextKeys.rawToInfrequentAccessDays, 90, 30, 3650),
    noncurrentVersionDays: integer(read, contextKeys.noncurrentVersionDays, prod ? 90 : 30, 1, 3650),
    alarmEmail,
    devOrigins,
    customDomain: domainName !== undefined && certificateArn !== undefined ? { domainName, certificateArn } : undefined,
    webAclArn,
    ingestConcurrency: integer(read, contextKeys.ingestConcurrency, 2, 2, 1000),
    ingestPartsConcurrency: integer(read, contextKeys.ingestPartsConcurrency, 2, 2, 1000),
    recomputeConcurrency: integer(read, contextKeys.recomputeConcurrency, 2, 2, 1000),
    logRetentionDays,
  };
}

function text(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new StageConfigError(`${key} must be text, got ${JSON.stringify(value)}`);
  return value.trim() === '' ? undefined : value.trim();
}

/** A JSON array in cdk.json, or comma-separated on the command line. */
function list(read: ContextReader, key: string): string[] {
  const value = read(key);
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  throw new StageConfigError(`${key} must be a list of text (JSON array or comma-separated), got ${JSON.stringify(value)}`);
}

function choice<T extends string>(read: ContextReader, key: string, allowed: readonly T[], fallback: T): T {
  const value = text(read, key);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) {
    throw new StageConfigError(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return lower as T;
}

function flag(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new StageConfigError(`${key} must be true or false, got ${JSON.stringify(value)}`);
}

function integer(read: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new StageConfigError(`${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}
