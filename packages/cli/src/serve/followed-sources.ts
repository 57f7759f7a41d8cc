import type { SyncSource } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import { formatConfigPath } from '../config/config-path';
import type { MirrorConfig } from '../config/config-schema';
import { withoutLiveStream } from '../sync-runs/follow-sources';

/** Ids of the sources `serve` follows continuously (`"follow": true`), in config order. */
export function followedSourceIds(config: MirrorConfig): string[] {
  return Object.entries(config.sources)
    .filter(([, source]) => source.follow === true)
    .map(([id]) => id);
}

/**
 * Refuses, as a config error naming each, the followed sources whose plugin has no live stream.
 * Run on the built sources before the store opens, so the refusal creates no database.
 */
export function requireFollowable(
  sources: readonly SyncSource[],
  followed: readonly string[],
): void {
  const pullOnly = withoutLiveStream(sources, followed);
  if (pullOnly.length === 0) return;
  throw new CliError(
    pullOnly
      .map(
        (id) =>
          `${formatConfigPath(['sources', id, 'follow'])}: source '${id}' has no live stream ` +
          '(its plugin has no subscribe): remove "follow" and give it a "schedule" or a "webhook"',
      )
      .join('\n'),
  );
}
