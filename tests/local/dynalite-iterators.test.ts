import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface Memory {
  rss: number;
  retained: number;
}

/**
 * A DynamoDB in its own process, so its memory is measured apart from the client's. A small young
 * generation (2 MB semi-spaces), or V8 grows it to 134 MB over the first thousands of requests and RSS
 * measures that, not what is kept.
 */
async function dynamoProcess(mode: 'stack' | 'unpatched') {
  const child = fork(join(repoRoot, 'tests/fixtures/local/dynalite-reads.ts'), [mode], { execArgv: ['--expose-gc', '--max-semi-space-size=2'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { endpoint } = await next<{ endpoint: string }>();
  const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ddb.send(
    new CreateTableCommand({
      TableName: 'leak-table',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );
  for (let i = 0; i < 100; i++) await ddb.send(new PutItemCommand({ TableName: 'leak-table', Item: { pk: { S: `p${i % 5}` }, sk: { S: `s${i}` }, body: { S: 'x'.repeat(400) } } }));
  const memory = async (): Promise<Memory> => {
    child.send('measure');
    const m = await next<Memory>();
    return { rss: m.rss / 1e6, retained: m.retained / 1e6 };
  };
  /** Reads as the API makes them (paged queries, a scan now and then), one at a time so the buffers' high-water mark stays put. */
  const reads = async (n: number) => {
    for (let k = 0; k < n; k++) {
      if (k % 10 === 9) await ddb.send(new ScanCommand({ TableName: 'leak-table', Limit: 20 }));
      else await ddb.send(new QueryCommand({ TableName: 'leak-table', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `p${k % 5}` } }, Limit: 10 }));
    }
  };
  /** Growth (MB) over n reads after `warm` reads to bring malloc's arenas and the sockets to their working size. */
  const growth = async (warm: number, n: number): Promise<Memory> => {
    await reads(warm);
    const before = await memory();
    await reads(n);
    const after = await memory();
    ddb.destroy();
    return { rss: after.rss - before.rss, retained: after.retained - before.retained };
  };
  return { growth };
}

describe('the local DynamoDB under long use', () => {
  it('keeps nothing per read once its iterators are closed: 3,000 reads grow it by less than 4 MB (bare dynalite keeps every iterator)', async () => {
    const [stack, unpatched] = await Promise.all([
      dynamoProcess('stack').then((p) => p.growth(3000, 3000)),
      dynamoProcess('unpatched').then((p) => p.growth(200, 1000)),
    ]);
    // RSS after GC; what the heap and buffers retain is the sharper measure, free of malloc's and the JIT's noise.
    expect(stack.rss).toBeLessThan(4);
    expect(stack.retained).toBeLessThan(1);
    // The control: bare dynalite keeps ~10 KB a read (if this fails, dynalite closes its iterators itself).
    expect(unpatched.retained).toBeGreaterThan(4);
  }, 180_000);
});
