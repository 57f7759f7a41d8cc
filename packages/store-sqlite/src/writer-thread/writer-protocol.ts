import type {
  AppliedDelta,
  DeltaLimits,
  StrategyIdentity,
  StrategyPluginRef,
} from '@oxide-mirror/core';
import type { BatchExtras } from '../batch-writer';
import type { WireBatch } from './wire-batch';

/** What the writer thread is started with (its `workerData`). */
export interface WriterThreadSetup {
  /** The database file, created and migrated by the store. */
  path: string;
  busyTimeoutMs: number;
  /** False for a throwaway database, which need not survive a power cut. */
  durable: boolean;
  maxDatabaseBytes: number | undefined;
  limits: DeltaLimits;
  schemaVersion: number;
  resourceViews: boolean;
}

/** One batch to write. */
export interface WriteRequest {
  id: number;
  /**
   * The batch of the same source sent before this one and not settled when this one was sent:
   * this one is written only if that one was.
   */
  after: { id: number; source: string } | undefined;
  strategy: { plugin: StrategyPluginRef; identity: StrategyIdentity };
  deltas: WireBatch;
  extras: BatchExtras;
}

/** An error as it crosses back: its class name, message, stack and own properties. */
export interface WireError {
  name: string;
  message: string;
  stack: string | undefined;
  props: Record<string, unknown>;
  cause?: WireError;
}

/** The thread's answer to a {@link WriteRequest}, or news that it cannot go on. */
export type WriterReply =
  | { id: number; outcomes: AppliedDelta[] }
  | { id: number; error: WireError }
  /** The strategy could not be built there: the batch was not written, write it in-thread. */
  | { id: number; unportable: string }
  /** The thread has opened the database and takes batches. */
  | { ready: true }
  /** The thread could not open the database; it exits. */
  | { fatal: WireError };

/** {@link WireError} of anything thrown; properties that cannot be copied are left out. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, props: {} };
  }
  const props: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      props[key] = structuredClone(value);
    } catch {
      // A value that cannot cross threads (a function, a handle): the message still says it.
    }
  }
  const wire: WireError = { name: error.name, message: error.message, stack: error.stack, props };
  if (error.cause !== undefined) wire.cause = toWireError(error.cause);
  return wire;
}

/**
 * The error `wire` describes, of the class `classes` holds under its name (so `instanceof` and
 * `code` work as if it had been thrown here), else a plain `Error` with the same name.
 */
export function fromWireError(
  wire: WireError,
  classes: ReadonlyMap<string, new (...args: never[]) => Error>,
): Error {
  const type = classes.get(wire.name);
  const error = Object.create(type?.prototype ?? Error.prototype) as Error;
  Object.assign(error, wire.props);
  const hidden = { enumerable: false, writable: true, configurable: true };
  Object.defineProperty(error, 'message', { ...hidden, value: wire.message });
  Object.defineProperty(error, 'name', { ...hidden, value: wire.name });
  Object.defineProperty(error, 'stack', { ...hidden, value: wire.stack });
  if (wire.cause !== undefined) {
    Object.defineProperty(error, 'cause', { ...hidden, value: fromWireError(wire.cause, classes) });
  }
  return error;
}
