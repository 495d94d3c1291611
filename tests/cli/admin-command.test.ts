import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  GetGroupCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserStatusType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../cli/admin-command.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const cloudformation = mockClient(CloudFormationClient);

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

async function admin(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runAdmin(argv, { out: (t) => (out += t) });
  return { code, out };
}

beforeEach(() => {
  cognito.reset();
  cloudformation.reset();
  cloudformation.on(DescribeStacksCommand, { StackName: 'Eccentric-prod' }).resolves({
    Stacks: [
      {
        StackName: 'Eccentric-prod',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [
          { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_Pool' },
          { OutputKey: 'DashboardUrl', OutputValue: 'https://d111.cloudfront.net/' },
        ],
      },
    ],
  });
});

describe('eccentric admin', () => {
  it('add-team creates the group team:<id> in the pool named by the stage\'s outputs', async () => {
    cognito.on(CreateGroupCommand).resolves({});
    expect(await admin('add-team', 'riverside-u23', '--stage', 'prod')).toEqual({ code: 0, out: 'team riverside-u23 created\n' });
    expect(cloudformation.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({ StackName: 'Eccentric-prod' });
    expect(cognito.commandCalls(CreateGroupCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-1_Pool',
      GroupName: 'team:riverside-u23',
      Description: 'Eccentric team riverside-u23',
    });
  });

  it('add-team of an existing team changes nothing and succeeds', async () => {
    cognito.on(CreateGroupCommand).rejects(named('GroupExistsException'));
    expect(await admin('add-team', 'demo', '--user-pool-id', 'eu-west-1_Other')).toEqual({ code: 0, out: 'team demo already exists (nothing changed)\n' });
    expect(cloudformation.calls()).toHaveLength(0);
  });

  it('refuses a team id outside the id grammar before calling AWS', async () => {
    await expect(admin('add-team', '../other', '--stage', 'prod')).rejects.toThrow('is not a team id');
    await expect(admin('add-user', 'a@club.example', '--team', 'Upper', '--stage', 'prod')).rejects.toThrow('is not a team id');
    await expect(admin('add-user', 'not-an-email', '--team', 'demo', '--stage', 'prod')).rejects.toThrow('is not an e-mail address');
    await expect(admin('add-user', 'a@club.example', '--stage', 'prod')).rejects.toThrow('add-user needs --team TEAM');
    expect(cognito.calls()).toHaveLength(0);
    expect(cloudformation.calls()).toHaveLength(0);
  });

  it('add-user creates the user with an immutable custom:teamId, e-mail verified, invited by e-mail, and adds them to the team group', async () => {
    cognito.on(GetGroupCommand).resolves({ Group: { GroupName: 'team:demo' } });
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const { code, out } = await admin('add-user', 'coach@club.example', '--team', 'demo', '--name', 'Sam Coach', '--stage', 'prod');
    expect(code).toBe(0);
    expect(out).toBe('coach@club.example added to team demo: Cognito e-mails a temporary password (valid 3 days); they sign in at https://d111.cloudfront.net/ and choose their own.\n');
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-1_Pool',
      Username: 'coach@club.example',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [
        { Name: 'email', Value: 'coach@club.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:teamId', Value: 'demo' },
        { Name: 'name', Value: 'Sam Coach' },
      ],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-1_Pool', Username: 'coach@club.example', GroupName: 'team:demo' });
  });

  it('add-user to a team that does not exist says to create it, and creates no user', async () => {
    cognito.on(GetGroupCommand).rejects(named('ResourceNotFoundException'));
    await expect(admin('add-user', 'coach@club.example', '--team', 'demo', '--stage', 'prod')).rejects.toThrow('no team "demo" in this stage: create it first with `eccentric admin add-team demo`');
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  });

  it('add-user of an existing account explains that a team cannot change; --resend re-sends the invitation only', async () => {
    cognito.on(GetGroupCommand).resolves({});
    cognito.on(AdminCreateUserCommand).rejectsOnce(named('UsernameExistsException')).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    await expect(admin('add-user', 'coach@club.example', '--team', 'demo', '--stage', 'prod')).rejects.toThrow("a user's team cannot change");
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect((await admin('add-user', 'coach@club.example', '--team', 'demo', '--stage', 'prod', '--resend')).code).toBe(0);
    expect(cognito.commandCalls(AdminCreateUserCommand)[1]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-1_Pool',
      Username: 'coach@club.example',
      DesiredDeliveryMediums: ['EMAIL'],
      MessageAction: 'RESEND',
      UserAttributes: undefined,
    });
  });

  it('list-users follows every page and prints each user\'s team from custom:teamId', async () => {
    const user = (email: string, team: string | undefined, status: UserStatusType = 'CONFIRMED') => ({
      Username: `sub-${email}`,
      Enabled: true,
      UserStatus: status,
      UserCreateDate: new Date('2026-11-01T10:00:00Z'),
      Attributes: [{ Name: 'email', Value: email }, ...(team ? [{ Name: 'custom:teamId', Value: team }] : [])],
    });
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user('b@club.example', 'u23')], PaginationToken: 'page-2' })
      .resolvesOnce({ Users: [user('a@club.example', 'first-team', 'FORCE_CHANGE_PASSWORD'), user('ops@club.example', undefined)] });
    const { code, out } = await admin('list-users', '--stage', 'prod');
    expect(code).toBe(0);
    expect(cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input.PaginationToken)).toEqual([undefined, 'page-2']);
    expect(out).toBe(
      [
        'email             team        status                 enabled  created',
        'ops@club.example  (none)      CONFIRMED              yes      2026-11-01',
        'a@club.example    first-team  FORCE_CHANGE_PASSWORD  yes      2026-11-01',
        'b@club.example    u23         CONFIRMED              yes      2026-11-01',
        '',
      ].join('\n'),
    );
  });

  it('list-users --team reads the team group, --json prints the rows', async () => {
    cognito.on(ListUsersInGroupCommand).resolves({ Users: [{ Username: 'x', Enabled: false, UserStatus: 'CONFIRMED', Attributes: [{ Name: 'email', Value: 'x@club.example' }, { Name: 'custom:teamId', Value: 'demo' }] }] });
    const { out } = await admin('list-users', '--team', 'demo', '--stage', 'prod', '--json');
    expect(cognito.commandCalls(ListUsersInGroupCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-1_Pool', GroupName: 'team:demo', NextToken: undefined });
    expect(JSON.parse(out)).toEqual([{ email: 'x@club.example', teamId: 'demo', status: 'CONFIRMED', enabled: false }]);
  });

  it('needs a stage (or a stack or a pool id), and says when the stack is not deployed', async () => {
    await expect(admin('list-users')).rejects.toThrow('admin list-users needs --stage dev|prod (or --stack NAME)');
    await expect(admin('list-users', '--stage', 'qa')).rejects.toThrow('--stage must be dev or prod, got "qa"');
    cloudformation.on(DescribeStacksCommand, { StackName: 'Eccentric-dev' }).rejects(named('ValidationError', 'Stack with id Eccentric-dev does not exist'));
    await expect(admin('list-users', '--stage', 'dev', '--region', 'eu-west-1')).rejects.toThrow('no stack Eccentric-dev in eu-west-1: deploy it first');
    cloudformation.on(DescribeStacksCommand, { StackName: 'Eccentric-dev' }).rejects(new Error('Region is missing'));
    await expect(admin('list-users', '--stage', 'dev')).rejects.toThrow('no AWS region: pass --region REGION or set AWS_REGION');
    cloudformation.on(DescribeStacksCommand, { StackName: 'Eccentric-dev' }).rejects(named('CredentialsProviderError', 'Could not load credentials from any providers'));
    await expect(admin('list-users', '--stage', 'dev')).rejects.toThrow('no AWS credentials: run `aws configure`');
  });

  it('prints its usage for an unknown action', async () => {
    const { code, out } = await admin('remove-team');
    expect(code).toBe(2);
    expect(out).toContain('eccentric admin add-user EMAIL --team TEAM');
  });
});
