import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export type Json = Record<string, any>;

/** Flattens a CloudFormation expression (Fn::Join / Fn::GetAtt / Ref) into a readable string. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v['Fn::Join']) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (v['Fn::GetAtt']) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if (v['Ref']) return `<${v['Ref'] as string}>`;
  return JSON.stringify(value);
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A synthesized stack with lookups by construct. */
export class StackView {
  readonly template: Template;
  readonly json: Json;
  readonly resources: Record<string, Json>;
  readonly stack: Stack;

  constructor(stack: Stack) {
    this.stack = stack;
    this.template = Template.fromStack(stack);
    this.json = this.template.toJSON() as Json;
    this.resources = this.json.Resources as Record<string, Json>;
  }

  /** Logical id of a construct (or of its default child). */
  id(construct: IConstruct): string {
    const child = (construct.node.defaultChild ?? construct) as IConstruct;
    return this.stack.resolve((child as unknown as { logicalId: string }).logicalId) as string;
  }

  resource(construct: IConstruct): Json {
    const found = this.resources[this.id(construct)];
    if (!found) throw new Error(`no resource for ${construct.node.path}`);
    return found;
  }

  ofType(type: string): Array<[string, Json]> {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type);
  }

  /** All statements of the IAM policies attached to a role. */
  roleStatements(role: IConstruct): Json[] {
    const roleId = this.id(role);
    return this.ofType('AWS::IAM::Policy')
      .filter(([, r]) => (r.Properties.Roles as Json[]).some((ref) => ref.Ref === roleId))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Json[]);
  }

  /** action → sorted flattened resources, over every Allow statement of the role. */
  grants(role: IConstruct): Record<string, string[]> {
    const grants: Record<string, string[]> = {};
    for (const statement of this.roleStatements(role)) {
      if (statement.Effect !== 'Allow') throw new Error('unexpected Deny in a role policy');
      for (const action of asArray<string>(statement.Action)) {
        (grants[action] ??= []).push(...asArray(statement.Resource).map(flatten));
      }
    }
    for (const list of Object.values(grants)) list.sort();
    return grants;
  }
}
