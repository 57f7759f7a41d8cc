import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type { Syncer, SyncRun } from '@oxide-mirror/core';
import type { CommandRuntime } from '../command-runtime';
import { CliError } from '../cli-error';
import type { LoadedConfig } from '../config/load-config';
import { MirrorSession } from '../composition/mirror-session';
import { createMirrorMcpServer } from '../mcp/mirror-mcp-server';
import { PendingSync, type StartedSync } from '../mcp/pending-sync';
import { watchSyncProgress, type SyncProgressListener } from '../mcp/sync-progress-notices';
import { sourceStatus } from '../mirror-queries/source-status';
import { followSource } from '../sync-runs/follow-sources';
import { runSyncs } from '../sync-runs/run-syncs';
import { followedSourceIds, requireFollowable } from './followed-sources';
import { McpHttpSessions } from './mcp-http';
import { parseSchedule } from './schedule';
import { ServeMetrics } from './serve-metrics';
import { serveRoutes } from './serve-routes';
import { resolveServeSecrets, type ServeSecrets } from './serve-secrets';
import { runDuration } from '../output/duration';
import { renderStatusPage } from './status-page';
import { StreamFollower } from './stream-follower';
import { SyncScheduler, type SourceSchedule } from './sync-scheduler';

/** What {@link MirrorService.start} needs. */
export interface MirrorServiceOptions {
  runtime: CommandRuntime;
  command: Command;
  settings: LoadedConfig;
  /**
   * Aborted to stop: the page (or streamed batch) in flight commits, its run is recorded, then
   * everything closes.
   */
  signal: AbortSignal;
}

/**
 * `oxide-mirror serve`, one long-running process per mirror: every pulled source synced on its
 * schedule by one {@link SyncScheduler}, webhooks and MCP `sync` calls queued on the same
 * scheduler, every followed source's live stream kept followed by its own
 * {@link StreamFollower} beside it, and an HTTP server with the status page, health, metrics and
 * MCP over Streamable HTTP. Syncs write through one session; the status page, metrics and MCP
 * read through a read-only one.
 */
export class MirrorService {
  private readonly waiters = new Map<string, PendingSync[]>();
  private stopping = false;
  private scheduler!: SyncScheduler;
  private readonly followers = new Map<string, StreamFollower>();
  private server!: Server;
  private mcp: McpHttpSessions | undefined;

  private constructor(
    private readonly options: MirrorServiceOptions,
    private readonly secrets: ServeSecrets,
    private readonly writer: MirrorSession,
    private readonly reader: MirrorSession,
  ) {}

  /** Opens the mirror, starts the schedules and listens; resolves once it is listening. */
  static async start(options: MirrorServiceOptions): Promise<MirrorService> {
    const { runtime, command, settings } = options;
    const ids = Object.keys(settings.config.sources);
    const secrets = resolveServeSecrets(settings.config, runtime.secrets);
    const followed = followedSourceIds(settings.config);
    const writer = await MirrorSession.open(runtime, command, {
      settings,
      sources: ids,
      checkSources: (built) => requireFollowable(built, followed),
    });
    const reader = await MirrorSession.open(runtime, command, { settings, readOnly: true });
    const service = new MirrorService(options, secrets, writer, reader);
    try {
      await service.listen(ids);
    } catch (error) {
      await service.close();
      throw error;
    }
    return service;
  }

  /** The base URL the server listens on. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /**
   * Stops: no new runs, the run in progress stops after its page in flight and every followed
   * stream after its batch in flight, each recorded, open MCP sessions close, then the server
   * and the mirror.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([
      this.scheduler.stop(),
      ...[...this.followers.values()].map((follower) => follower.stop()),
    ]);
    for (const [source, waiting] of this.waiters) {
      this.waiters.delete(source);
      for (const pending of waiting) pending.finish(undefined);
    }
    await this.close();
  }

  private async listen(ids: readonly string[]): Promise<void> {
    const { config } = this.options.settings;
    const serve = config.serve;
    const metrics = new ServeMetrics(ids, () => this.lastSuccesses(), Date.now);
    const followed = new Set(followedSourceIds(config));
    const pulled = ids.filter((id) => !followed.has(id));
    this.scheduler = new SyncScheduler({
      schedules: new Map(
        pulled.map((id) => {
          const text = config.sources[id]?.schedule;
          return [id, text === undefined ? undefined : parseSchedule(text)];
        }),
      ),
      run: (source) => this.runSource(source, metrics),
      jitterMs: serve.jitterMs,
      backoff: serve.backoff,
    });
    const syncer = this.writer.syncer();
    for (const source of followed) {
      this.followers.set(
        source,
        new StreamFollower({
          source,
          follow: (signal) => this.followOnce(source, syncer, metrics, signal),
          backoff: serve.backoff,
        }),
      );
    }
    this.mcp = this.mcpSessions(metrics, pulled, [...followed]);
    const { hooks, mcpToken } = this.secrets;
    const redact = (text: string): string => this.options.runtime.secrets.redact(text);
    this.server = createServer(
      serveRoutes({
        metrics,
        hooks,
        mcp:
          this.mcp === undefined || mcpToken === undefined
            ? undefined
            : { sessions: this.mcp, token: mcpToken },
        trigger: (source) => this.scheduler.trigger(source),
        followed,
        stopping: () => this.stopping,
        statusPage: () => this.statusPage(),
        redact,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new CliError(
            `cannot listen on ${serve.host}:${serve.port}: ${error.code ?? error.message}` +
              (error.code === 'EADDRINUSE' ? ' (another process has it: set serve.port)' : ''),
          ),
        ),
      );
      this.server.listen(serve.port, serve.host, () => resolve());
    });
    const latest = await this.lastSuccesses();
    this.scheduler.start(
      new Map(pulled.map((id) => [id, latest[id] ? new Date(latest[id] as string) : undefined])),
    );
    for (const follower of this.followers.values()) follower.start();
  }

  /** MCP over HTTP, whose `sync` offers the `pulled` sources (a followed one is always live). */
  private mcpSessions(
    metrics: ServeMetrics,
    pulled: readonly string[],
    followed: readonly string[],
  ): McpHttpSessions | undefined {
    const { config } = this.options.settings;
    if (config.serve.mcp === undefined) return undefined;
    const runtime = this.options.runtime;
    const sources = config.mcp.allowSync ? [...pulled] : [];
    return new McpHttpSessions(() =>
      createMirrorMcpServer({
        session: this.reader,
        startSync: (source, onProgress) => this.syncNow(source, onProgress),
        syncableSources: sources,
        followedSources: followed,
        syncEnabled: config.mcp.allowSync,
        results: config.mcp,
        redact: (text) => runtime.secrets.redact(text),
        timeQuery: (client, query) => metrics.timeQuery(client, query),
      }),
    );
  }

  /**
   * Queues a sync of `source` and resolves once its run is recorded (after the run already in
   * progress, if any); the end arrives through {@link StartedSync.finished}.
   */
  private async syncNow(source: string, onProgress?: SyncProgressListener): Promise<StartedSync> {
    const pending = new PendingSync();
    if (this.stopping) {
      pending.finish(undefined);
      return pending.whenStarted();
    }
    const progress =
      onProgress && watchSyncProgress(this.writer.store.changes(), source, onProgress);
    void pending.finished.finally(() => progress?.unsubscribe()).catch(() => undefined);
    const waiting = this.waiters.get(source) ?? [];
    waiting.push(pending);
    this.waiters.set(source, waiting);
    this.scheduler.trigger(source);
    return pending.whenStarted();
  }

  private async runSource(source: string, metrics: ServeMetrics): Promise<boolean> {
    // Who asked before this run started is answered by it; later requests wait for the next.
    const waiting = this.waiters.get(source) ?? [];
    this.waiters.delete(source);
    const runtime = this.options.runtime;
    let run: SyncRun | undefined;
    try {
      [run] = await runSyncs({
        session: this.writer,
        ids: [source],
        progress: undefined,
        redact: (text) => runtime.secrets.redact(text),
        signal: this.options.signal,
        onRunStarted: (runId) => waiting.forEach((pending) => pending.start(runId)),
      });
    } catch (error) {
      for (const pending of waiting) pending.fail(error);
      throw error;
    }
    for (const pending of waiting) pending.finish(run);
    if (run === undefined) return false;
    this.ended(run, metrics);
    return run.outcome === 'ok';
  }

  /** Follows `source`'s live stream as one recorded run, until `signal` or SIGTERM stops it. */
  private async followOnce(
    source: string,
    syncer: Syncer,
    metrics: ServeMetrics,
    signal: AbortSignal,
  ): Promise<SyncRun> {
    const runtime = this.options.runtime;
    runtime.err(`oxide-mirror serve: ${source} following its live stream\n`);
    const run = await followSource({
      store: this.writer.store,
      syncer,
      id: source,
      signal: AbortSignal.any([signal, this.options.signal]),
      redact: (text) => runtime.secrets.redact(text),
    });
    this.ended(run, metrics);
    return run;
  }

  /** Counts a run that has ended and says how it went on stderr. */
  private ended(run: SyncRun, metrics: ServeMetrics): void {
    metrics.recordRun(run);
    const took = runDuration(run.startedAt, run.finishedAt ?? null, new Date());
    this.options.runtime.err(
      `oxide-mirror serve: ${run.source} ${run.outcome} in ${took}: ${run.pages} pages, ` +
        `${run.applied} applied, ${run.rejected} rejected${run.error ? ` (${run.error})` : ''}\n`,
    );
  }

  /**
   * When each source was last known up to date: the end of its latest successful run, or now
   * for a followed source whose stream is live.
   */
  private async lastSuccesses(): Promise<Record<string, string | null>> {
    const ids = Object.keys(this.options.settings.config.sources);
    const statuses = await sourceStatus(this.reader.store, ids);
    const now = new Date().toISOString();
    return Object.fromEntries(
      statuses.map((status) => [
        status.source,
        this.followers.get(status.source)?.live === true ? now : status.lastSuccessAt,
      ]),
    );
  }

  private async statusPage(): Promise<string> {
    const ids = Object.keys(this.options.settings.config.sources);
    return renderStatusPage({
      database: this.options.settings.database.label,
      now: new Date(),
      schedules: this.sourceStates(),
      statuses: await sourceStatus(this.reader.store, ids),
      runs: await this.reader.store.recentSyncRuns(20),
    });
  }

  /** Every configured source's schedule or stream state, in config order. */
  private sourceStates(): SourceSchedule[] {
    const scheduled = this.scheduler.states();
    return Object.keys(this.options.settings.config.sources).flatMap(
      (id) => this.followers.get(id)?.state() ?? scheduled.filter((state) => state.source === id),
    );
  }

  private async close(): Promise<void> {
    await this.mcp?.close();
    if (this.server?.listening) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
    await this.reader.close();
    await this.writer.close();
  }
}
