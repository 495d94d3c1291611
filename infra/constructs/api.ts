import { Aws, Duration, Fn } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { apiRouteList } from '../../functions/api/route-list.ts';

/** HTTP API routes served by the API function (all behind the JWT authorizer). */
export const apiRoutes: ReadonlyArray<{ method: HttpMethod; path: string }> = apiRouteList.map(({ method, path }) => ({
  method: HttpMethod[method],
  path,
}));

/** Stage throttling: a squad's dashboard makes a few requests a second; a runaway script stops here. */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 } as const;

export interface ApiProps {
  readonly apiFunction: IFunction;
  /**
   * Browser origins allowed by CORS. The deployed dashboard calls the API through its own CloudFront
   * origin (`/api/*`), so it needs none; these are for a dashboard served elsewhere (dev: localhost).
   */
  readonly corsOrigins: readonly string[];
  readonly logRetention: RetentionDays;
}

/** The HTTP API: every route behind one JWT authorizer, access-logged and throttled on `$default`. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Eccentric dashboard API',
      // The $default stage is created below so that it can carry access-log settings (AwsSolutions-APIG1).
      createDefaultStage: false,
      corsPreflight: props.corsOrigins.length
        ? {
            allowOrigins: [...props.corsOrigins],
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
            allowHeaders: ['authorization', 'content-type'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    const accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    this.apiFunction = props.apiFunction;
  }

  private readonly apiFunction: IFunction;

  /**
   * Declares every route, each behind one JWT authorizer trusting `issuer` for `audience` (separate
   * from the constructor because the user pool is created after the distribution that proxies the API).
   */
  addRoutes(issuer: string, audience: readonly string[]): void {
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuer, { jwtAudience: [...audience] });
    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction);
    for (const route of apiRoutes) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration, authorizer });
    }
  }

  /** `<api id>.execute-api.<region>.<suffix>` */
  get domainName(): string {
    return Fn.join('', [this.httpApi.apiId, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX]);
  }
}
