import { QueryBusyError } from '@oxide-mirror/core';

/** Sizes of a {@link QueryPool}. */
export interface QueryPoolSize {
  /** Queries that run at once (one query process each). */
  processes: number;
  /** Queries that may wait for a process, all clients together. */
  queueLength: number;
  /** Queries one client may have waiting; more are refused as busy. */
  queuePerClient: number;
}

interface Waiter {
  start(slot: number): void;
}

/**
 * Admission for read-only queries: a bounded number run at once, a bounded number wait, and the
 * waiting ones start client by client in turn (round robin), so one client's runaway queries
 * delay another client's query by at most one time limit. Beyond the bounds a query is refused
 * at once with {@link QueryBusyError}, which says to retry.
 */
export class QueryPool {
  private readonly free: number[];
  private readonly waiting = new Map<string, Waiter[]>();
  private waitingCount = 0;

  constructor(private readonly size: QueryPoolSize) {
    this.free = Array.from({ length: size.processes }, (_, slot) => slot);
  }

  /** Runs `work` on a free slot (a process index) once `client`'s turn comes. */
  async run<T>(client: string, work: (slot: number) => Promise<T>): Promise<T> {
    const slot = await this.acquire(client);
    try {
      return await work(slot);
    } finally {
      this.release(slot);
    }
  }

  private acquire(client: string): Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    const queue = this.waiting.get(client) ?? [];
    if (this.waitingCount >= this.size.queueLength || queue.length >= this.size.queuePerClient) {
      return Promise.reject(
        new QueryBusyError(this.size.processes - this.free.length, this.waitingCount),
      );
    }
    return new Promise<number>((resolve) => {
      queue.push({ start: resolve });
      this.waiting.set(client, queue);
      this.waitingCount += 1;
    });
  }

  /** Hands the slot to the first waiter of the client that has waited longest for a turn. */
  private release(slot: number): void {
    const next = this.waiting.entries().next();
    if (next.done === true) {
      this.free.push(slot);
      return;
    }
    const [client, queue] = next.value;
    const waiter = queue.shift() as Waiter;
    this.waitingCount -= 1;
    // Moving the client to the end of the map's order is what makes the turns round robin.
    this.waiting.delete(client);
    if (queue.length > 0) this.waiting.set(client, queue);
    waiter.start(slot);
  }
}
