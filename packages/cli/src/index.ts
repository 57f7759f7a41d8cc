export type { CliIo, OutputStream } from './cli-io';
export { CliError } from './cli-error';
export { ExitCode, type ExitCodeValue } from './exit-codes';
export { run } from './run';
export {
  mirrorConfigSchema,
  type MirrorConfig,
  type SourceConfig,
  type StrategySpec,
} from './config/config-schema';
export { DEFAULT_CONFIG_FILE, loadConfig, type LoadedConfig } from './config/load-config';
export { EnvSecrets } from './config/env-secrets';
export { buildContainer, type ContainerOptions } from './composition/build-container';
export { CliTokens } from './composition/cli-tokens';
export { loadPlugin, type PluginReference } from './plugins/load-plugin';
