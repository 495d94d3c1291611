import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { repoRoot } from './node-function.ts';
import { contentSecurityPolicy } from '../hosting/content-security-policy.ts';
import type { DashboardConfig } from '../hosting/dashboard-config.ts';
import { apiPrefix, spaRewriteSource, stripApiPrefixSource } from '../hosting/edge-functions.ts';

export interface HostingProps {
  readonly config: StageConfig;
  /** Absolute path of the dashboard build (see resolveDashboardDir). */
  readonly dashboardDir: string;
  readonly accessLogsBucket: IBucket;
  readonly logRetention: RetentionDays;
}

export interface HostingConfigProps {
  readonly cognitoDomainUrl: string;
  /** The raw bucket's origins, for the CSP's connect-src. */
  readonly bucketOrigins: readonly string[];
  /** `<api id>.execute-api.<region>.<suffix>`: CloudFront's origin for `/api/*`. */
  readonly apiDomain: string;
}

export class MissingDashboardBuild extends Error {}

/** Absolute path of the dashboard build; throws with the fix when it has no index.html. */
export function resolveDashboardDir(dir: string): string {
  const absolute = path.resolve(repoRoot, dir);
  const index = path.join(absolute, 'index.html');
  if (!existsSync(index) || !statSync(index).isFile()) {
    throw new MissingDashboardBuild(
      `The dashboard build is missing: ${index} does not exist. Run \`npm run build\` (it writes dashboard/dist/), ` +
        'or point -c eccentric:dashboardDir=DIR at a folder with an index.html.',
    );
  }
  return absolute;
}

/**
 * The dashboard: a private bucket behind CloudFront (origin access control, HTTPS only), security
 * headers on every response, client-side routes rewritten to index.html, the HTTP API proxied under
 * `/api/*` (same origin: no CORS needed, and the CSP names no API host), and config.json written at
 * deploy time from the stack's values.
 */
export class Hosting extends Construct {
  readonly siteBucket: Bucket;
  readonly logsBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution or custom domain>`, no trailing slash. */
  readonly url: string;
  private readonly dashboardDir: string;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, props: HostingProps & HostingConfigProps) {
    super(scope, id);
    this.logRetention = props.logRetention;
    const { config } = props;
    this.dashboardDir = props.dashboardDir;

    this.siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      // Only build output lives here: it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    // CloudFront's standard logs are delivered with an ACL grant, so this bucket keeps ACLs enabled for
    // the log delivery account (the other buckets have ACLs disabled).
    this.logsBucket = new Bucket(this, 'CdnLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'cdn-logs-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(config.stage === 'prod' ? 365 : 90) }],
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Eccentric ${config.stage}: CSP, HSTS, no framing`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({ cognito: props.cognitoDomainUrl, bucket: props.bucketOrigins }),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // The sign-in code arrives in the URL: never send it on, not even to the API.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });
    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Client-side routes get index.html',
      code: FunctionCode.fromInline(spaRewriteSource),
      runtime: FunctionRuntime.JS_2_0,
    });
    const stripApiPrefix = new CloudFrontFunction(this, 'StripApiPrefix', {
      comment: `${apiPrefix}/teams/... -> /teams/... for the HTTP API`,
      code: FunctionCode.fromInline(stripApiPrefixSource),
      runtime: FunctionRuntime.JS_2_0,
    });

    const domain = config.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Eccentric ${config.stage} dashboard`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: spaRewrite }],
        compress: true,
      },
      additionalBehaviors: {
        [`${apiPrefix}/*`]: {
          origin: new HttpOrigin(props.apiDomain, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Never cached; with caching disabled this policy forwards Authorization, and it leaves out
          // Host, which API Gateway needs to be its own.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: stripApiPrefix }],
          compress: true,
        },
      },
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(config.webAclArn ? { webAclId: config.webAclArn } : {}),
    });
    this.url = domain ? `https://${domain.domainName}` : Fn.join('', ['https://', this.distribution.distributionDomainName]);
  }

  /**
   * Uploads the build and writes config.json. Hashed assets first (cached a day), then index.html and
   * config.json (revalidated on every load), then the CDN cache is cleared: a page never references
   * an asset that is not there yet.
   */
  deploy(configJson: DashboardConfig): void {
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: this.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(this.dashboardDir, { exclude: ['index.html', 'config.json'] })],
      destinationBucket: this.siteBucket,
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=86400')],
      logGroup,
      memoryLimit: 512,
    });
    const entry = new BucketDeployment(this, 'DeployEntry', {
      sources: [
        Source.data('index.html', readFileSync(path.join(this.dashboardDir, 'index.html'), 'utf8')),
        Source.jsonData('config.json', configJson),
      ],
      destinationBucket: this.siteBucket,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup,
      memoryLimit: 512,
    });
    entry.node.addDependency(assets);
  }
}

/** Origins a presigned URL of the bucket can have (virtual-hosted style, regional and legacy global). */
export function bucketOrigins(bucketName: string): string[] {
  return [
    Fn.join('', ['https://', bucketName, '.s3.', Aws.REGION, '.', Aws.URL_SUFFIX]),
    Fn.join('', ['https://', bucketName, '.s3.', Aws.URL_SUFFIX]),
  ];
}
