import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingDashboardBuild, resolveDashboardDir } from '../../infra/constructs/hosting.ts';
import type { EccentricStack } from '../../infra/eccentric-stack.ts';
import { apiPrefix, spaRewriteSource, stripApiPrefixSource } from '../../infra/hosting/edge-functions.ts';
import { defaultDevOrigins } from '../../infra/stage-config.ts';
import { buildStack } from './helpers.ts';
import { flatten, StackView, type Json } from './template-tools.ts';

/** Runs a CloudFront Function's source the way CloudFront does: `handler(event)` on a viewer request. */
function runEdgeFunction(source: string, uri: string): string {
  const handler = new Function(`${source}; return handler;`)() as (event: Json) => { uri: string };
  return handler({ version: '1.0', request: { method: 'GET', uri, headers: {}, querystring: {} } }).uri;
}

/** CSP directives as a map, values in order. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe.each(['dev', 'prod'] as const)('dashboard hosting (%s)', (stage) => {
  let stack: EccentricStack;
  let view: StackView;
  let distribution: Json;
  const dashboard = () => `https://<${view.id(stack.hosting.distribution)}.DomainName>`;
  beforeAll(() => {
    ({ stack } = buildStack({ stage }));
    view = new StackView(stack);
    distribution = view.resource(stack.hosting.distribution).Properties.DistributionConfig;
  });

  it('keeps the site bucket private: all public access blocked, TLS-only, readable only by this distribution (OAC)', () => {
    const bucket = view.resource(stack.hosting.siteBucket).Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    const [[, policy]] = view.ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === view.id(stack.hosting.siteBucket)) as [[string, Json]];
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    const reads = statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:GetObject'));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(flatten(reads[0]!.Condition.StringEquals['AWS:SourceArn'])).toBe(
      `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${view.id(stack.hosting.distribution)}>`,
    );
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const [[, oac]] = view.ofType('AWS::CloudFront::OriginAccessControl') as [[string, Json]];
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const s3Origin = (distribution.Origins as Json[]).find((o) => o.S3OriginConfig)!;
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [view.ofType('AWS::CloudFront::OriginAccessControl')[0]![0], 'Id'] });
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('serves HTTPS only, on every behaviour, to the API origin over TLS 1.2', () => {
    const behaviours = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors] as Json[];
    expect(behaviours.map((b) => b.ViewerProtocolPolicy)).toEqual(['https-only', 'https-only']);
    const apiOrigin = (distribution.Origins as Json[]).find((o) => o.CustomOriginConfig)!;
    expect(apiOrigin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(flatten(apiOrigin.DomainName)).toBe(`<${view.id(stack.api.httpApi)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>`);
  });

  it('proxies /api/* to the HTTP API uncached, forwarding Authorization but not Host, prefix stripped', () => {
    const [api] = distribution.CacheBehaviors as Json[];
    expect(api!.PathPattern).toBe(`${apiPrefix}/*`);
    expect(api!.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api!.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    expect(api!.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'OPTIONS']));
    const apiOrigin = (distribution.Origins as Json[]).find((o) => o.CustomOriginConfig)!;
    expect(api!.TargetOriginId).toBe(apiOrigin.Id);
    expect(api!.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [view.id(stack.hosting.node.findChild('StripApiPrefix')), 'FunctionARN'] } }]);
  });

  it('rewrites client-side routes to index.html on the site behaviour only (no distribution-wide error pages)', () => {
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.CustomErrorResponses).toBeUndefined();
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [view.id(stack.hosting.node.findChild('SpaRewrite')), 'FunctionARN'] } },
    ]);
    for (const [, fn] of view.ofType('AWS::CloudFront::Function')) expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  });

  it('attaches one security-headers policy to both behaviours: CSP, HSTS, nosniff, DENY framing, no referrer', () => {
    const [[policyId, policy]] = view.ofType('AWS::CloudFront::ResponseHeadersPolicy') as [[string, Json]];
    for (const behaviour of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors] as Json[]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 730 * 24 * 3600, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
  });

  it('allows in its CSP only the page itself, the Cognito hosted UI and the raw bucket; no framing, no plugins', () => {
    const [[, policy]] = view.ofType('AWS::CloudFront::ResponseHeadersPolicy') as [[string, Json]];
    const csp = directives(flatten(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy));
    const bucket = `eccentric-${stage}-data-<AWS::AccountId>-<AWS::Region>`;
    expect(csp['connect-src']).toEqual([
      "'self'",
      `https://eccentric-${stage}-<AWS::AccountId>.auth.<AWS::Region>.amazoncognito.com`,
      `https://${bucket}.s3.<AWS::Region>.<AWS::URLSuffix>`,
      `https://${bucket}.s3.<AWS::URLSuffix>`,
    ]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
    // No directive anywhere allows every host or inline/eval scripts.
    const everything = Object.values(csp).flat();
    expect(everything).not.toContain('*');
    expect(everything).not.toContain('https:');
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(everything).not.toContain("'unsafe-eval'");
  });

  it('logs every request to a private, TLS-only log bucket that keeps ACLs for CloudFront\'s log delivery', () => {
    expect(distribution.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [view.id(stack.hosting.logsBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    const logs = view.resource(stack.hosting.logsBucket).Properties;
    expect(logs.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
    expect(logs.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  it('lets the raw bucket answer presigned PUT/GET from the dashboard origin (and localhost in dev) only', () => {
    const cors = view.resource(stack.data.bucket).Properties.CorsConfiguration.CorsRules as Json[];
    expect(cors).toHaveLength(1);
    const origins = stage === 'dev' ? [dashboard(), ...defaultDevOrigins] : [dashboard()];
    expect(cors[0]!.AllowedOrigins.map(flatten)).toEqual(origins);
    expect(cors[0]!.AllowedMethods).toEqual(['PUT', 'GET', 'HEAD']);
    expect(cors[0]!.AllowedHeaders).toEqual(['content-type']);
  });

  it('gives the HTTP API no CORS in prod (the dashboard is same-origin) and the localhost dev origins in dev', () => {
    const api = view.resource(stack.api.httpApi).Properties;
    if (stage === 'prod') {
      expect(api.CorsConfiguration).toBeUndefined();
    } else {
      expect(api.CorsConfiguration).toEqual({
        AllowOrigins: [...defaultDevOrigins],
        AllowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type'],
        MaxAge: 3600,
      });
    }
  });

  it('deploys the build, then index.html and config.json uncached, then invalidates the CDN', () => {
    const deployments = view.ofType('Custom::CDKBucketDeployment').map(([id, r]): Json => ({ ...r, id }));
    expect(deployments).toHaveLength(2);
    const entry = deployments.find((d) => d.Properties.DistributionId)!;
    const assets = deployments.find((d) => !d.Properties.DistributionId)!;
    expect(entry.DependsOn).toContain(assets.id);
    expect(entry.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(entry.Properties.DistributionPaths).toEqual(['/*']);
    expect(assets.Properties.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=86400' });
    for (const d of deployments) {
      expect(d.Properties.Prune).toBe(false);
      expect(d.Properties.DestinationBucketName).toEqual({ Ref: view.id(stack.hosting.siteBucket) });
    }
  });
});

describe('config.json and the dashboard build', () => {
  let outdir: string;
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes config.json with the API (same origin, /api), the hosted UI, the client id, the region and the redirect URI', () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'eccentric-config-'));
    const { app, stack } = buildStack({ stage: 'prod', outdir });
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as Json;
    const view = new StackView(stack);
    const entry = Object.values(template.Resources as Record<string, Json>).find((r) => r.Type === 'Custom::CDKBucketDeployment' && r.Properties.DistributionId)!;
    const keys = entry.Properties.SourceObjectKeys as string[];
    const dirs = keys.map((key) => path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`));
    const configDir = dirs.find((dir) => existsSync(path.join(dir, 'config.json')))!;
    const markers = entry.Properties.SourceMarkers[dirs.indexOf(configDir)] as Record<string, unknown>;
    let text = readFileSync(path.join(configDir, 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(markers)) text = text.split(marker).join(flatten(value));
    const distribution = `https://<${view.id(stack.hosting.distribution)}.DomainName>`;
    expect(JSON.parse(text)).toEqual({
      apiUrl: `${distribution}/api`,
      stage: 'prod',
      auth: {
        mode: 'cognito',
        domain: 'https://eccentric-prod-<AWS::AccountId>.auth.<AWS::Region>.amazoncognito.com',
        clientId: `<${view.id(stack.auth.client)}>`,
        region: '<AWS::Region>',
        redirectUri: `${distribution}/`,
      },
    });
    // index.html is deployed next to it, from the build.
    const htmlDir = dirs.find((dir) => existsSync(path.join(dir, 'index.html')))!;
    expect(readFileSync(path.join(htmlDir, 'index.html'), 'utf8')).toContain('<title>Eccentric</title>');
  });

  it('refuses to synthesize without a build, naming the file and the fix', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'eccentric-nobuild-'));
    try {
      expect(() => buildStack({ context: { 'eccentric:dashboardDir': empty } })).toThrow(MissingDashboardBuild);
      expect(() => resolveDashboardDir(empty)).toThrow(`${path.join(empty, 'index.html')} does not exist. Run \`npm run build\``);
      expect(() => resolveDashboardDir(empty)).toThrow('-c eccentric:dashboardDir=DIR');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('edge functions (run as CloudFront runs them)', () => {
  it.each([
    ['/', '/index.html'],
    ['/athletes/jane-doe', '/index.html'],
    ['/squad/', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/index-3f2a.js', '/assets/index-3f2a.js'],
    ['/favicon.svg', '/favicon.svg'],
    ['/assets/missing.css', '/assets/missing.css'],
  ])('SPA rewrite: %s → %s', (uri, expected) => {
    expect(runEdgeFunction(spaRewriteSource, uri)).toBe(expected);
  });

  it.each([
    ['/api/teams/demo/squad', '/teams/demo/squad'],
    ['/api/teams/demo/athletes/QB07/tests', '/teams/demo/athletes/QB07/tests'],
    ['/api', '/'],
    ['/apix/teams', '/apix/teams'],
  ])('API prefix: %s → %s', (uri, expected) => {
    expect(runEdgeFunction(stripApiPrefixSource, uri)).toBe(expected);
  });
});

describe('hosting options from context', () => {
  it('serves a custom domain with its certificate and TLS 1.2 minimum, and uses it for CORS and callbacks', () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const { stack } = buildStack({ stage: 'prod', context: { 'eccentric:domainName': 'strength.riverside.example', 'eccentric:certificateArn': arn } });
    const view = new StackView(stack);
    const config = view.resource(stack.hosting.distribution).Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['strength.riverside.example']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: arn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(view.resource(stack.data.bucket).Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://strength.riverside.example']);
    expect(view.resource(stack.auth.client).Properties.CallbackURLs).toEqual(['https://strength.riverside.example/']);
  });

  it('attaches a WAF web ACL when given', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/eccentric/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const { stack } = buildStack({ stage: 'prod', context: { 'eccentric:webAclArn': arn } });
    expect(new StackView(stack).resource(stack.hosting.distribution).Properties.DistributionConfig.WebACLId).toBe(arn);
  });
});
