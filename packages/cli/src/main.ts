#!/usr/bin/env node
// tsyringe needs the Reflect metadata API before anything registers with a container.
import 'reflect-metadata';
import { basename, relative } from 'node:path';
import { run } from './run';

// A reader that stops early (`oxide-mirror events | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const interrupt = new AbortController();
// SIGTERM (a service manager stopping `serve`) asks for the same orderly stop as Ctrl-C.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal means "now": committed pages are durable, so nothing is lost by exiting.
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort(signal);
  });
}

void run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
  invokedAs: invokedAs(process.argv[1]),
}).then((code) => {
  process.exitCode = code;
  // After Ctrl-C a pull may still be in flight; its result is not wanted.
  if (interrupt.signal.aborted) process.exit(code);
});

/** `oxide-mirror` when run through the bin link; `node <path>` when run from a checkout. */
function invokedAs(script: string | undefined): string {
  if (script === undefined || basename(script) !== 'main.js') return 'oxide-mirror';
  const near = relative(process.cwd(), script);
  return `node ${near.startsWith('..') ? script : near}`;
}
