/**
 * One Lambda execution environment: a child process that loads the function's module once (the init
 * phase) and then runs one invocation at a time, as a Lambda sandbox does. The pool (function-pool.ts)
 * kills the process when an invocation times out, so timed-out work stops, and when it has been idle,
 * so its memory goes back to the system at once.
 */
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.ts';

export interface SandboxSetup {
  module: string;
  exportName: string;
  functionName: string;
  memoryMb: number;
}

export interface Invocation {
  id: number;
  event: unknown;
  deadline: number;
  requestId: string;
}

export type InvocationReply =
  | { id: number; ok: true; result: unknown; recordErrors?: Record<string, string> }
  | { id: number; ok: false; error: { name: string; message: string } };

/** What the sandbox says besides replies: ready after init, or the error that ends it. */
export type SandboxNotice = { ready: true } | { fatal: string };

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** A Powertools batch processor, when the module exports one: its per-record errors become the dead letters' reasons. */
interface BatchProcessorLike {
  errors?: Error[];
  failureMessages?: { messageId?: string }[];
}

const send = (message: InvocationReply | SandboxNotice) => process.send!(message);
// The runtime is gone (killed): so is its sandbox, rather than finishing work nobody will acknowledge.
process.on('disconnect', () => process.exit(0));
// As Lambda's runtime: an error outside the handler ends the sandbox, and says why.
process.on('uncaughtException', (error) => {
  send({ fatal: `${error.name}: ${error.message}` });
  process.exit(1);
});

const setup = JSON.parse(process.argv[2]!) as SandboxSetup;
const mod = (await import(pathToFileURL(setup.module).href)) as Record<string, unknown>;
const handler = mod[setup.exportName] as Handler | undefined;
if (typeof handler !== 'function') throw new Error(`${setup.module} exports no function "${setup.exportName}"`);
const processor = mod.processor as BatchProcessorLike | undefined;

process.on('message', async (invocation: Invocation) => {
  const context = lambdaContext(setup.functionName, 0, { deadline: invocation.deadline, requestId: invocation.requestId, memoryMb: setup.memoryMb });
  let reply: InvocationReply;
  try {
    const result = await handler(invocation.event, context);
    reply = { id: invocation.id, ok: true, result, ...recordErrors() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id: invocation.id, ok: false, error: { name: e.name, message: e.message } };
  }
  send(reply);
});
send({ ready: true });

function recordErrors(): { recordErrors?: Record<string, string> } {
  const failed = processor?.failureMessages;
  if (!Array.isArray(failed) || failed.length === 0) return {};
  const errors: Record<string, string> = {};
  failed.forEach((record, i) => {
    if (record.messageId) errors[record.messageId] = processor!.errors?.[i]?.message ?? 'failed';
  });
  return { recordErrors: errors };
}
