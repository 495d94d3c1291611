/**
 * `npm start`: the whole of Eccentric on one laptop, on loopback, with data kept under .eccentric/.
 *   --no-demo        do not load the demo squad on first start
 *   --port N         API port (default 4780; S3 uses N+1, DynamoDB N+2, SQS N+3)
 *   --data DIR       data folder (default .eccentric)
 *   --concurrency N  ingest batches at once (default 4, like the event source mapping's maximum concurrency)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs, stringFlag } from '../../cli/args.ts';
import { lockFileOf, takeLock } from './data-lock.ts';
import { loadDemo } from './demo.ts';
import { startLocalStack } from './stack.ts';

const args = parseArgs(process.argv.slice(2), ['port', 'data', 'concurrency']);
const dataDir = resolve(stringFlag(args, 'data') ?? '.eccentric');
const apiPort = Number(stringFlag(args, 'port') ?? process.env.ECCENTRIC_PORT ?? 4780);
if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65532) {
  console.error(`--port must be a port number, not "${stringFlag(args, 'port')}"`);
  process.exit(2);
}
const concurrency = Number(stringFlag(args, 'concurrency') ?? 4);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  console.error(`--concurrency must be a whole number from 1 to 64, not "${stringFlag(args, 'concurrency')}"`);
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });

const lockFile = lockFileOf(dataDir);
const lock = takeLock(dataDir);
if (!lock.ok) {
  if (lock.holder) {
    console.error(`Eccentric is already running on this data folder (pid ${lock.holder.pid}${lock.holder.apiUrl ? `, API ${lock.holder.apiUrl}` : ''}).`);
    console.error('Stop it first (Ctrl-C in its terminal), or start another copy with --data OTHER_DIR --port OTHER_PORT.');
    console.error(`If no Eccentric is running (another program may have been given that pid), delete ${lockFile}.`);
  } else console.error(`Could not take the lock ${lockFile}: another start is taking it at the same moment.`);
  process.exit(1);
}

const log = (line: string) => console.log(`[eccentric] ${line}`);
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({ dataDir, persistDynamo: true, apiPort, s3Port: apiPort + 1, dynamoPort: apiPort + 2, sqsPort: apiPort + 3, ingest: { maxConcurrency: concurrency }, log });
} catch (error) {
  rmSync(lockFile, { force: true });
  const e = error as NodeJS.ErrnoException;
  console.error(e.code === 'EADDRINUSE' ? `A port is in use (${e.message}); choose others with --port N.` : `Could not start: ${e.message}`);
  process.exit(1);
}
writeFileSync(lockFile, JSON.stringify({ pid: process.pid, apiUrl: stack.apiUrl }));

/**
 * Ctrl-C / SIGTERM: stop at once. The queue consumers' sandboxes are terminated; their messages stay in
 * the durable queues, uncounted, and resume on the next start. A second signal exits without waiting.
 */
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) {
    log(`${signal} again: exiting now`);
    rmSync(lockFile, { force: true });
    process.exit(130);
  }
  stopping = true;
  log(`${signal}: stopping; uploads in progress stay queued and resume on the next start…`);
  setTimeout(() => {
    log('not stopped after 10 s: exiting anyway (queued work is on disk)');
    rmSync(lockFile, { force: true });
    process.exit(1);
  }, 10_000).unref();
  await stack.stop();
  rmSync(lockFile, { force: true });
  log('stopped; data kept in ' + dataDir);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const local = { apiUrl: stack.apiUrl, s3Endpoint: stack.s3Endpoint, sqsEndpoint: stack.sqsEndpoint, bucket: stack.bucket, region: stack.region, token: stack.token, teamId: stack.teamId };
writeFileSync(join(dataDir, 'local.json'), `${JSON.stringify(local, null, 2)}\n`);

// The demo belongs to a first start only: a folder first started with --no-demo stays without it.
const demoMarker = join(dataDir, 'demo-loaded');
if (!existsSync(demoMarker)) {
  if (args.flags.has('no-demo')) writeFileSync(demoMarker, `skipped (--no-demo) ${new Date().toISOString()}\n`);
  else {
    log('first start: loading the demo squad through the pipeline…');
    const demo = await loadDemo(stack);
    writeFileSync(demoMarker, new Date().toISOString());
    log(`demo squad loaded: ${demo.athletes} athletes, team "${stack.teamId}"`);
  }
}

// The commands below must reach this copy: another --data folder means another local.json.
const localFile = join(dataDir, 'local.json');
const defaultLocal = resolve('.eccentric/local.json') === localFile;
const shownLocal = relative(process.cwd(), localFile).startsWith('..') ? localFile : `./${relative(process.cwd(), localFile)}`;
console.log(`
Eccentric is running (data in ${dataDir}; connection details in ${join(dataDir, 'local.json')})

  API        ${stack.apiUrl}
  S3         ${stack.s3Endpoint}   bucket ${stack.bucket}   region ${stack.region}   (keys S3RVER / S3RVER)
  SQS        ${stack.sqsEndpoint}   queues ${Object.values(stack.queueUrls).map((u) => u.split('/').pop()).join(', ')} (dead letters: npx eccentric redrive --local${defaultLocal ? '' : ` --data ${dataDir}`})
  team       ${stack.teamId}
  token      ${stack.token}

  curl -H "Authorization: Bearer $(node -p "require('${shownLocal}').token")" ${stack.apiUrl}/teams/${stack.teamId}/squad
  npx eccentric upload export.csv --team ${stack.teamId}${defaultLocal ? '' : ` --local ${shownLocal}`}
  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=${stack.region} AWS_REQUEST_CHECKSUM_CALCULATION=when_required aws --endpoint-url ${stack.s3Endpoint} s3 cp export.csv s3://${stack.bucket}/uploads/${stack.teamId}/export.csv

Ctrl-C stops it cleanly (uploads in progress resume on the next start).`);
