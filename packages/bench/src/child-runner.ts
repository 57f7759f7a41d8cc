import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Job, WorkerReply } from './jobs';
import type { Measurement } from './measurement';

/** How workers are started. */
export interface ChildRunnerOptions {
  /** Folder for V8 CPU profiles of the workers; no profiling when undefined. */
  cpuProfDir?: string | undefined;
}

/** Workers still running, so an interrupted benchmark can stop them. */
const running = new Set<ChildProcess>();

/** Stops every running worker (on Ctrl-C, so none keeps writing to a file being removed). */
export function stopWorkers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Runs `job` in a fresh Node process (the bench's own `worker.js`) and resolves with its
 * measurements (one, except for a W3 job: one per read). The worker's output goes to our stderr, so `--json` output on stdout stays clean.
 */
export function runInChild(job: Job, options: ChildRunnerOptions = {}): Promise<Measurement[]> {
  const execArgv =
    options.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`];
  const child = fork(join(__dirname, 'worker.js'), [JSON.stringify(job)], {
    execArgv,
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    let reply: WorkerReply | undefined;
    child.on('message', (message: WorkerReply) => {
      reply = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (reply?.ok) resolve(reply.measurements);
      else if (reply !== undefined)
        reject(new Error(`${job.kind} failed in its worker:\n${reply.error}`));
      else
        reject(
          new Error(`${job.kind} worker exited with ${signal ?? `code ${code}`} before replying`),
        );
    });
  });
}
