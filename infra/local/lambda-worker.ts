/**
 * One Lambda execution environment: a worker thread that loads the function's module once (the init
 * phase) and then runs one invocation at a time, as a Lambda sandbox does. The pool (function-pool.ts)
 * terminates the thread when an invocation times out, so timed-out work stops and its memory is freed.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { lambdaContext } from './lambda-context.ts';

export interface WorkerSetup {
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

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** A Powertools batch processor, when the module exports one: its per-record errors become the dead letters' reasons. */
interface BatchProcessorLike {
  errors?: Error[];
  failureMessages?: { messageId?: string }[];
}

const setup = workerData as WorkerSetup;
const mod = (await import(pathToFileURL(setup.module).href)) as Record<string, unknown>;
const handler = mod[setup.exportName] as Handler | undefined;
if (typeof handler !== 'function') throw new Error(`${setup.module} exports no function "${setup.exportName}"`);
const processor = mod.processor as BatchProcessorLike | undefined;

parentPort!.on('message', async (invocation: Invocation) => {
  const context = lambdaContext(setup.functionName, 0, { deadline: invocation.deadline, requestId: invocation.requestId, memoryMb: setup.memoryMb });
  let reply: InvocationReply;
  try {
    const result = await handler(invocation.event, context);
    reply = { id: invocation.id, ok: true, result, ...recordErrors() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id: invocation.id, ok: false, error: { name: e.name, message: e.message } };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });

function recordErrors(): { recordErrors?: Record<string, string> } {
  const failed = processor?.failureMessages;
  if (!Array.isArray(failed) || failed.length === 0) return {};
  const errors: Record<string, string> = {};
  failed.forEach((record, i) => {
    if (record.messageId) errors[record.messageId] = processor!.errors?.[i]?.message ?? 'failed';
  });
  return { recordErrors: errors };
}
