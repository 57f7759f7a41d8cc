/**
 * Short names a config may use for the first-party strategies, and the packages that hold them.
 * Any other strategy is named by its package or path.
 */
export const FIRST_PARTY_STRATEGIES: Readonly<Record<string, string>> = {
  'last-write-wins': '@oxide-mirror/strategy-last-write-wins',
  'highest-confidence': '@oxide-mirror/strategy-highest-confidence',
  'keep-local': '@oxide-mirror/strategy-keep-local',
  'merge-json': '@oxide-mirror/strategy-merge-json',
  'source-priority': '@oxide-mirror/strategy-source-priority',
};

/** Packages the CLI ships with, so they load even when the config's folder does not install them. */
export const FIRST_PARTY_SCOPE = '@oxide-mirror/';
