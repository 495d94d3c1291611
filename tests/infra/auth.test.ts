import { beforeAll, describe, expect, it } from 'vitest';
import { passwordPolicy, teamIdClaim } from '../../infra/constructs/auth.ts';
import type { EccentricStack } from '../../infra/eccentric-stack.ts';
import { defaultDevOrigins } from '../../infra/stage-config.ts';
import { buildStack } from './helpers.ts';
import { flatten, StackView } from './template-tools.ts';

/** Sign-in: the user pool, the dashboard's app client, the hosted UI, and what the API trusts. */
describe.each(['dev', 'prod'] as const)('sign-in (%s)', (stage) => {
  let stack: EccentricStack;
  let view: StackView;
  let pool: Record<string, any>;
  let client: Record<string, any>;
  beforeAll(() => {
    ({ stack } = buildStack({ stage }));
    view = new StackView(stack);
    pool = view.resource(stack.auth.userPool).Properties;
    client = view.resource(stack.auth.client).Properties;
  });

  it('signs in by e-mail, case-insensitively, with no self sign-up: an admin adds every user', () => {
    expect(pool.UsernameAttributes).toEqual(['email']);
    expect(pool.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
  });

  it('requires 12+ characters with lower, upper, digit and symbol; temporary passwords last 3 days', () => {
    expect(pool.Policies.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 3,
    });
    expect(passwordPolicy.minLength).toBe(12);
  });

  it('offers optional TOTP MFA by default (no SMS)', () => {
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('enforces threat protection (Plus plan) in prod only, by default', () => {
    if (stage === 'prod') {
      expect(pool.UserPoolTier).toBe('PLUS');
      expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    } else {
      expect(pool.UserPoolTier).toBe('ESSENTIALS');
      expect(pool.UserPoolAddOns).toBeUndefined();
    }
  });

  it('carries the team in an immutable custom:teamId of 2-63 characters', () => {
    expect(teamIdClaim).toBe('custom:teamId');
    expect(pool.Schema).toContainEqual({
      AttributeDataType: 'String',
      Name: 'teamId',
      Mutable: false,
      StringAttributeConstraints: { MinLength: '2', MaxLength: '63' },
    });
  });

  it('keeps the pool (deletion protection, retained) in prod only', () => {
    expect(pool.DeletionProtection).toBe(stage === 'prod' ? 'ACTIVE' : 'INACTIVE');
    expect(view.template.findResources('AWS::Cognito::UserPool')[view.id(stack.auth.userPool)]!.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
  });

  it('gives the dashboard a public client: code grant only (PKCE), no secret, no password flows', () => {
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.EnableTokenRevocation).toBe(true);
    expect([client.IdTokenValidity, client.AccessTokenValidity]).toEqual([60, 60]);
  });

  it('lets the client read custom:teamId but never write it', () => {
    expect(client.ReadAttributes).toContain('custom:teamId');
    expect(client.WriteAttributes).not.toContain('custom:teamId');
    expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });

  it('redirects only to the dashboard (plus localhost dev servers in dev)', () => {
    const dashboard = `https://<${view.id(stack.hosting.distribution)}.DomainName>/`;
    const expected = stage === 'dev' ? [dashboard, ...defaultDevOrigins.map((o) => `${o}/`)] : [dashboard];
    expect(client.CallbackURLs.map(flatten)).toEqual(expected);
    expect(client.LogoutURLs.map(flatten)).toEqual(expected);
  });

  it('creates the hosted UI domain eccentric-<stage>-<account>', () => {
    const [[, domain]] = view.ofType('AWS::Cognito::UserPoolDomain') as [[string, Record<string, any>]];
    expect(flatten(domain.Properties.Domain)).toBe(`eccentric-${stage}-<AWS::AccountId>`);
    expect(domain.Properties.UserPoolId).toEqual({ Ref: view.id(stack.auth.userPool) });
  });

  it('points the API authorizer at this pool, with the dashboard client as audience', () => {
    const [[, authorizer]] = view.ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Record<string, any>]];
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(flatten(authorizer.Properties.JwtConfiguration.Issuer)).toBe(`https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>/<${view.id(stack.auth.userPool)}>`);
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: view.id(stack.auth.client) }]);
  });

  it('invites a user with the dashboard URL in the e-mail', () => {
    const invite = pool.AdminCreateUserConfig.InviteMessageTemplate;
    expect(flatten(invite.EmailMessage)).toContain(`https://<${view.id(stack.hosting.distribution)}.DomainName>/`);
    expect(invite.EmailMessage['Fn::Join'][1].join('')).toContain('{####}');
  });
});

describe('sign-in options from context', () => {
  it('requires MFA and turns threat protection to audit when asked', () => {
    const { stack } = buildStack({ stage: 'dev', context: { 'eccentric:mfa': 'required', 'eccentric:threatProtection': 'audit' } });
    const pool = new StackView(stack).resource(stack.auth.userPool).Properties;
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.UserPoolTier).toBe('PLUS');
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'AUDIT' });
  });

  it('turns MFA off when asked', () => {
    const { stack } = buildStack({ stage: 'prod', context: { 'eccentric:mfa': 'off' } });
    const pool = new StackView(stack).resource(stack.auth.userPool).Properties;
    expect(pool.MfaConfiguration).toBe('OFF');
    expect(pool.EnabledMfas).toBeUndefined();
  });

  it('trusts an external identity provider (issuer + audiences) instead of the pool', () => {
    const { stack } = buildStack({
      stage: 'prod',
      context: { 'eccentric:jwtIssuer': 'https://login.example.org/realms/club', 'eccentric:jwtAudience': 'eccentric-api,eccentric-cli' },
    });
    const view = new StackView(stack);
    const [[, authorizer]] = view.ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Record<string, any>]];
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: 'https://login.example.org/realms/club', Audience: ['eccentric-api', 'eccentric-cli'] });
  });

  it('uses a custom hosted UI prefix', () => {
    const { stack } = buildStack({ context: { 'eccentric:authDomainPrefix': 'riverside-fc-eccentric' } });
    const view = new StackView(stack);
    const [[, domain]] = view.ofType('AWS::Cognito::UserPoolDomain') as [[string, Record<string, any>]];
    expect(domain.Properties.Domain).toBe('riverside-fc-eccentric');
  });
});
