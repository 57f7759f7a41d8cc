import type { Job, WorkerReply } from './jobs';
import { runJob } from './run-job';

/** Set once the reply is sent: the disconnect that follows is ours, not a vanished parent. */
let replied = false;

/**
 * The child-process entry: runs the one job given as JSON in argv[2] and sends a
 * {@link WorkerReply} to the parent. One job per process, so each measurement's peak RSS is its
 * own and no run inherits another's heap, caches or JIT state.
 */
async function main(): Promise<void> {
  const send = (reply: WorkerReply): Promise<void> =>
    new Promise((resolve) => {
      if (process.send === undefined) throw new Error('worker.js must be started with fork()');
      process.send(reply, undefined, {}, () => resolve());
    });
  try {
    const job = JSON.parse(process.argv[2] ?? '') as Job;
    await send({ ok: true, measurements: await runJob(job) });
  } catch (error) {
    process.exitCode = 1;
    await send({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  replied = true;
  process.disconnect();
}

// A worker whose parent is gone has no one to report to: stop rather than run on.
process.on('disconnect', () => {
  if (!replied) process.exit(1);
});
void main();
