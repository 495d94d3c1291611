import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config, documents } from './clients.ts';

/** Every item of one partition whose sort key starts with a prefix, following pagination. */
export async function queryAllWithPrefix(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documents.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * An UpdateItem that sets fixed clauses plus one `#field = :field` per defined field, so an upsert
 * writes only what it knows and leaves the rest of the item (e.g. an athlete's latest tests) alone.
 */
export function setExpression(fixed: { sets: string[]; names: Record<string, string>; values: Record<string, unknown> }, fields: Record<string, unknown>) {
  const names = { ...fixed.names };
  const values = { ...fixed.values };
  const sets = [...fixed.sets];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return { UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
