import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import {
  MirrorError,
  type AppliedDelta,
  type MirrorChange,
  type StoredEvent,
} from '@oxide-mirror/core';
import { decisionOf, noticesOf, parseNotice, type ChangeNotice } from './change-notice';
import { readEvents } from './event-reader';

/**
 * The change feed across processes: every batch announces its events with `NOTIFY` inside its
 * transaction, so PostgreSQL delivers the notice exactly when — and only if — it commits, to
 * every store that listens on the mirror's channel, in commit order. A listener reads the
 * announced events from the log. A store reports its own batches directly after commit (it
 * knows them already) and skips their notices.
 */
export class ChangeFeed {
  /** Identifies this store instance in its notices. */
  readonly origin = randomUUID();
  readonly channel: string;
  private readonly feed = new Subject<MirrorChange>();
  private listener: pg.Client | undefined;
  /** Notices are handled one after another, so changes keep commit order. */
  private pending: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly connectionString: string,
    schema: string,
    private readonly pool: pg.Pool,
  ) {
    this.channel = `${schema}_changes`;
  }

  /** Starts listening; changes committed by other processes from now on are reported. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    // A lost listening connection would be a silent gap in the feed: end it with an error.
    client.on('error', (error) => this.fail(error));
    client.on('end', () =>
      this.fail(
        new MirrorError(
          'STORE_CLOSED',
          'the change feed lost its connection to the server; open the store again to follow changes',
        ),
      ),
    );
    await client.connect();
    client.on('notification', ({ channel, payload }) => {
      if (channel !== this.channel) return;
      const notice = parseNotice(payload);
      if (notice === undefined || notice.origin === this.origin) return;
      this.pending = this.pending.then(() => this.relay(notice)).catch((error) => this.fail(error));
    });
    await client.query(`LISTEN ${this.channel}`);
    this.listener = client;
  }

  /** Queues the batch's notices in the caller's transaction; they go out at its commit. */
  async announce(client: pg.PoolClient, outcomes: readonly AppliedDelta[]): Promise<void> {
    const notices = noticesOf(this.origin, outcomes);
    if (notices.length === 0) return;
    // One statement for all of them, since the batch holds the log head while it announces;
    // a scan of the array yields its elements in order, so they are queued in order.
    await client.query({
      name: 'oxide_mirror_notify',
      text: 'SELECT count(pg_notify($1, notice)) FROM unnest($2::text[]) AS notice',
      values: [this.channel, notices],
    });
  }

  /** Reports this store's own committed batch. */
  publish(events: readonly StoredEvent[], outcomes: readonly AppliedDelta[]): void {
    if (!this.feed.observed) return;
    let next = 0;
    for (const outcome of outcomes) {
      if (outcome.position === undefined) continue;
      if (outcome.decision === 'duplicate' || outcome.decision === 'rejected') continue;
      const event = events[next++] as StoredEvent;
      this.emit(event, outcome.decision, outcome.version);
    }
  }

  changes(): Observable<MirrorChange> {
    return this.feed.asObservable();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.feed.complete();
    await this.pending;
    await this.listener?.end().catch(() => undefined);
  }

  private fail(error: unknown): void {
    if (!this.closing) this.feed.error(error);
  }

  /**
   * Reads a notice's events from the log and reports them. Nobody is told of changes while
   * nobody subscribes, so then the events are not read: a sync worker beside others would
   * otherwise read back every event they write.
   */
  private async relay(notice: ChangeNotice): Promise<void> {
    if (!this.feed.observed) return;
    const upTo = notice.first + notice.decisions.length - 1;
    for await (const event of readEvents(this.pool, {
      afterPosition: notice.first - 1,
      upToPosition: upTo,
    })) {
      const index = event.position - notice.first;
      this.emit(
        event,
        decisionOf(notice.decisions[index] as string),
        notice.versions[index] ?? undefined,
      );
    }
  }

  private emit(
    event: StoredEvent,
    decision: MirrorChange['decision'],
    version: number | undefined,
  ): void {
    const change: MirrorChange = { position: event.position, delta: event.delta, decision };
    if (version !== undefined) change.version = version;
    this.feed.next(change);
  }
}
