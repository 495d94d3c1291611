/**
 * Counts what a process asks of DynamoDB: requests per command, items written, and write / read units.
 * A middleware on the client (clients.ts) asks every request for `ReturnConsumedCapacity: TOTAL` (free on
 * AWS) and adds up what comes back; dynalite reports it too, for the table only (AWS's TOTAL includes the
 * indexes). So beside the reported units the counter keeps its own figure for the local indexes: one more
 * `ceil(size / 1 KB)` per written item that carries an index's sort key (both LSIs project every
 * attribute, so an index copy costs what the item costs). A write that reports nothing (an error, a
 * failed condition) counts `ceil(size / 1 KB)` units of the item it sent, as AWS charges it.
 *
 * Ingest writes the counts where the local runtime's bench reads them (`DYNAMO_USAGE_DIR`, functions/ingest.ts)
 * and publishes each invocation's units as metrics on AWS.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localIndexes } from '#infra/table-schema.ts';

export interface DynamoUsage {
  /** Requests sent, by command name (`BatchWriteItemCommand`, …). */
  requests: Record<string, number>;
  /** Items put, updated or deleted (a failed condition included: it is charged). */
  itemsWritten: number;
  /** Write units: as reported (ConsumedCapacity), else computed from the item sent. */
  writeUnits: number;
  /** Computed units of the local-index copies (dynalite leaves them out of TOTAL; on AWS they are in writeUnits already). */
  indexWriteUnits: number;
  readUnits: number;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
const CAPACITY = new Set([...WRITES, 'GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);
const INDEX_KEYS: readonly string[] = localIndexes.map((i) => i.sortKey);

export const emptyUsage = (): DynamoUsage => ({ requests: {}, itemsWritten: 0, writeUnits: 0, indexWriteUnits: 0, readUnits: 0 });

/** The process's counts since it started (one Lambda sandbox: every invocation it ran). */
export const usage: DynamoUsage = emptyUsage();

export function totalRequests(u: DynamoUsage): number {
  return Object.values(u.requests).reduce((a, b) => a + b, 0);
}

/** What happened between two snapshots (a later one minus an earlier one). */
export function usageSince(before: DynamoUsage, after: DynamoUsage = usage): DynamoUsage {
  const requests: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.requests)) if (n - (before.requests[name] ?? 0) > 0) requests[name] = n - (before.requests[name] ?? 0);
  return {
    requests,
    itemsWritten: after.itemsWritten - before.itemsWritten,
    writeUnits: after.writeUnits - before.writeUnits,
    indexWriteUnits: after.indexWriteUnits - before.indexWriteUnits,
    readUnits: after.readUnits - before.readUnits,
  };
}

export const snapshotUsage = (): DynamoUsage => structuredClone(usage);

/** DynamoDB's item size: attribute names plus values (numbers about one byte per two digits). */
export function attributeSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
  if (value.NS !== undefined) return value.NS.reduce((s, x) => s + Math.ceil(x.length / 2) + 1, 0);
  if (value.BS !== undefined) return value.BS.reduce((s, x) => s + x.length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((s, x) => s + 1 + attributeSize(x), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + attributeSize(value);
  return size;
}

const unitsOf = (item: Record<string, AttributeValue> | undefined) => Math.max(1, Math.ceil((item ? itemSize(item) : 0) / 1024));

interface Written {
  units: number;
  indexUnits: number;
}

/** The items a write request sends (puts whole; an update's values; a delete's key), and their computed units. */
function writtenBy(command: string, input: Record<string, any>): Written[] {
  const one = (item: Record<string, AttributeValue> | undefined): Written => {
    const units = unitsOf(item);
    return { units, indexUnits: item ? INDEX_KEYS.filter((k) => item[k] !== undefined).length * units : 0 };
  };
  if (command === 'PutItemCommand') return [one(input.Item)];
  if (command === 'UpdateItemCommand') return [one({ ...input.Key, ...input.ExpressionAttributeValues })];
  if (command === 'DeleteItemCommand') return [one(input.Key)];
  if (command === 'BatchWriteItemCommand') {
    const requests = Object.values(input.RequestItems ?? {}).flat() as { PutRequest?: { Item: Record<string, AttributeValue> }; DeleteRequest?: { Key: Record<string, AttributeValue> } }[];
    return requests.map((r) => one(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
  }
  return [];
}

function reportedUnits(consumed: unknown): number | undefined {
  if (consumed === undefined || consumed === null) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum: number, c: { CapacityUnits?: number }) => sum + (c.CapacityUnits ?? 0), 0);
}

/** Adds the counting middleware to a client (every client built on it, the document client too, shares its stack). */
export function countUsage(client: DynamoDBClient, into: DynamoUsage = usage): void {
  // Before marshalling and serialising: ask for the capacity where the caller did not.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (CAPACITY.has(context.commandName ?? '') && input.ReturnConsumedCapacity === undefined) args = { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } };
      return next(args);
    },
    { step: 'initialize', name: 'dynamoUsageAsk', priority: 'high' },
  );
  // After serialising: the input is in DynamoDB's own form here, so sizes are the service's.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      into.requests[command] = (into.requests[command] ?? 0) + 1;
      const written = WRITES.has(command) ? writtenBy(command, args.input as Record<string, any>) : [];
      let reported: number | undefined;
      let unprocessed = 0;
      try {
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: unknown; UnprocessedItems?: Record<string, unknown[]> };
        reported = reportedUnits(output.ConsumedCapacity);
        unprocessed = Object.values(output.UnprocessedItems ?? {}).reduce((n, l) => n + l.length, 0);
        if (!WRITES.has(command)) into.readUnits += reported ?? 0;
        return result;
      } finally {
        if (written.length > 0) {
          // Unprocessed items were not written (they are sent again, and counted then).
          const done = written.slice(0, written.length - unprocessed);
          into.itemsWritten += done.length;
          into.writeUnits += reported ?? done.reduce((s, w) => s + w.units, 0);
          into.indexWriteUnits += done.reduce((s, w) => s + w.indexUnits, 0);
        }
      }
    },
    { step: 'build', name: 'dynamoUsageCount', priority: 'low' },
  );
}
