/**
 * `npm start`: the whole of Eccentric on one laptop, on loopback, with data kept under .eccentric/.
 *   --no-demo        do not load the demo squad on first start
 *   --port N         API port (default 4780; S3 uses N+1, DynamoDB N+2)
 *   --data DIR       data folder (default .eccentric)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, stringFlag } from '../../cli/args.ts';
import { loadDemo } from './demo.ts';
import { startLocalStack } from './stack.ts';

const args = parseArgs(process.argv.slice(2), ['port', 'data']);
const dataDir = resolve(stringFlag(args, 'data') ?? '.eccentric');
const apiPort = Number(stringFlag(args, 'port') ?? process.env.ECCENTRIC_PORT ?? 4780);
if (!Number.isInteger(apiPort) || apiPort < 1 || apiPort > 65532) {
  console.error(`--port must be a port number, not "${stringFlag(args, 'port')}"`);
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });

const lockFile = join(dataDir, 'lock.json');
if (existsSync(lockFile)) {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; apiUrl?: string };
  let alive = false;
  try {
    process.kill(lock.pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) {
    console.error(`Eccentric is already running on this data folder (pid ${lock.pid}${lock.apiUrl ? `, API ${lock.apiUrl}` : ''}).`);
    console.error('Stop it first (Ctrl-C in its terminal), or start another copy with --data OTHER_DIR --port OTHER_PORT.');
    process.exit(1);
  }
}
writeFileSync(lockFile, JSON.stringify({ pid: process.pid }));

const log = (line: string) => console.log(`[eccentric] ${line}`);
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({ dataDir, persistDynamo: true, apiPort, s3Port: apiPort + 1, dynamoPort: apiPort + 2, log });
} catch (error) {
  rmSync(lockFile, { force: true });
  const e = error as NodeJS.ErrnoException;
  console.error(e.code === 'EADDRINUSE' ? `A port is in use (${e.message}); choose others with --port N.` : `Could not start: ${e.message}`);
  process.exit(1);
}
writeFileSync(lockFile, JSON.stringify({ pid: process.pid, apiUrl: stack.apiUrl }));

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing queued work and shutting down…`);
  await stack.stop();
  rmSync(lockFile, { force: true });
  log('stopped; data kept in ' + dataDir);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const local = { apiUrl: stack.apiUrl, s3Endpoint: stack.s3Endpoint, bucket: stack.bucket, region: stack.region, token: stack.token, teamId: stack.teamId };
writeFileSync(join(dataDir, 'local.json'), `${JSON.stringify(local, null, 2)}\n`);

const demoMarker = join(dataDir, 'demo-loaded');
if (!args.flags.has('no-demo') && !existsSync(demoMarker)) {
  log('first start: loading the demo squad through the pipeline…');
  const demo = await loadDemo(stack);
  writeFileSync(demoMarker, new Date().toISOString());
  log(`demo squad loaded: ${demo.athletes} athletes, team "${stack.teamId}"`);
}

console.log(`
Eccentric is running (data in ${dataDir}; connection details in ${join(dataDir, 'local.json')})

  API        ${stack.apiUrl}
  S3         ${stack.s3Endpoint}   bucket ${stack.bucket}   region ${stack.region}   (keys S3RVER / S3RVER)
  team       ${stack.teamId}
  token      ${stack.token}

  curl -H "Authorization: Bearer $(node -p "require('./.eccentric/local.json').token")" ${stack.apiUrl}/teams/${stack.teamId}/squad
  npx eccentric upload export.csv --team ${stack.teamId}
  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url ${stack.s3Endpoint} s3 cp export.csv s3://${stack.bucket}/uploads/${stack.teamId}/export.csv

Ctrl-C stops it cleanly.`);
