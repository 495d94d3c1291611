import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { teamIdAttribute } from '../team-claim.ts';

export { teamGroupName, teamIdAttribute, teamIdClaim } from '../team-claim.ts';

export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
} as const;

export interface AuthProps {
  readonly config: StageConfig;
  /** The dashboard's URL (`https://…`, no trailing slash): the sign-in redirect target. */
  readonly dashboardUrl: string;
}

/**
 * Sign-in: a user pool (e-mail as the user name, no self sign-up: an admin adds each user to a team),
 * a public app client for the dashboard (authorization code + PKCE, no secret) and the hosted UI domain.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly domainUrl: string;
  /** The redirect URIs the client accepts, the dashboard's first. */
  readonly callbackUrls: string[];
  /** The issuer of this pool's tokens (the JWT authorizer's default). */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config } = props;
    const prod = config.stage === 'prod';
    const plus = config.threatProtection !== 'off';

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `eccentric-${config.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Team ids are 2–63 characters (shared/identity/id-grammar.ts TEAM_ID); immutable so that not
        // even an admin call can move a user between teams: remove the user and add them again.
        [teamIdAttribute]: new StringAttribute({ minLen: 2, maxLen: 63, mutable: false }),
      },
      passwordPolicy,
      mfa: { off: Mfa.OFF, optional: Mfa.OPTIONAL, required: Mfa.REQUIRED }[config.mfa],
      // Authenticator apps only: SMS needs an SNS role, a spending limit and leaves the sandbox by request.
      mfaSecondFactor: config.mfa === 'off' ? undefined : { sms: false, otp: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: plus ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: plus
        ? config.threatProtection === 'enforced'
          ? StandardThreatProtectionMode.FULL_FUNCTION
          : StandardThreatProtectionMode.AUDIT_ONLY
        : undefined,
      userInvitation: {
        emailSubject: 'Your Eccentric account',
        emailBody:
          `You have been added to Eccentric. Sign in at ${props.dashboardUrl}/ with {username} and the ` +
          'temporary password {####} (valid for 3 days); you will choose your own password then.',
      },
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.callbackUrls = [`${props.dashboardUrl}/`, ...config.devOrigins.map((origin) => `${origin}/`)];
    this.client = this.userPool.addClient('DashboardClient', {
      userPoolClientName: 'dashboard',
      // A browser cannot keep a secret: public client, the code exchange is protected by PKCE instead
      // (Cognito verifies code_verifier whenever the authorize request carried a code_challenge).
      generateSecret: false,
      // No password, SRP or custom flows: sign-in happens only on the hosted UI; refresh tokens stay allowed.
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false, user: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: this.callbackUrls,
        logoutUrls: this.callbackUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(prod ? 7 : 30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(teamIdAttribute),
      // The team is never writable by its user (it is immutable too; this keeps it out of the client).
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: cognitoDomainPrefix(config) } });
    this.domainUrl = cognitoDomainUrl(config);
    this.issuer = Fn.join('', ['https://cognito-idp.', Aws.REGION, '.', Aws.URL_SUFFIX, '/', this.userPool.userPoolId]);
  }

  /** The hosted UI's sign-in page for the dashboard client. */
  signInUrl(redirectUri: string): string {
    return Fn.join('', [
      this.domainUrl,
      '/login?client_id=',
      this.client.userPoolClientId,
      '&response_type=code&scope=openid+email+profile&redirect_uri=',
      redirectUri,
    ]);
  }
}

/** The hosted UI prefix: from context, else `eccentric-<stage>-<account id>` (unique per account and stage). */
export function cognitoDomainPrefix(config: StageConfig): string {
  return config.authDomainPrefix ?? Fn.join('-', ['eccentric', config.stage, Aws.ACCOUNT_ID]);
}

/**
 * `https://<prefix>.auth.<region>.amazoncognito.com`, computed from the prefix rather than read from
 * the domain resource, so the distribution's CSP can name it before the user pool exists.
 */
export function cognitoDomainUrl(config: StageConfig): string {
  return Fn.join('', ['https://', cognitoDomainPrefix(config), '.auth.', Aws.REGION, '.amazoncognito.com']);
}
