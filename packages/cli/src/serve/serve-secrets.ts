import { formatConfigPath } from '../config/config-path';
import type { EnvSecrets } from '../config/env-secrets';
import type { MirrorConfig } from '../config/config-schema';
import type { ResolvedWebhook } from './serve-routes';

/** The secrets `serve` itself needs, read from the environment. */
export interface ServeSecrets {
  /** Webhooks by source id. */
  hooks: Map<string, ResolvedWebhook>;
  /** The bearer token of `/mcp`; undefined when MCP over HTTP is off. */
  mcpToken: string | undefined;
}

/**
 * Reads every webhook secret and the MCP token from the environment, before anything is
 * opened, so a missing variable stops `serve` with its name and leaves no database behind.
 */
export function resolveServeSecrets(config: MirrorConfig, secrets: EnvSecrets): ServeSecrets {
  const hooks = new Map<string, ResolvedWebhook>();
  for (const [id, source] of Object.entries(config.sources)) {
    if (source.webhook === undefined) continue;
    const where = formatConfigPath(['sources', id, 'webhook', 'secret']);
    const secret = secrets.secret(source.webhook.secret.$env, where);
    hooks.set(id, { secret, header: source.webhook.header.toLowerCase() });
  }
  const token = config.serve.mcp?.token.$env;
  const mcpToken = token === undefined ? undefined : secrets.secret(token, 'serve.mcp.token');
  return { hooks, mcpToken };
}
