import { SecretRedactor } from '@oxide-mirror/core';
import { CliError } from '../cli-error';
import { formatConfigPath } from './config-path';

/** Shortest secret value that is redacted from output; shorter ones would mangle ordinary text. */
const MIN_REDACTED_LENGTH = 4;

/**
 * Secrets come only from the environment. Config options refer to them as
 * `{ "$env": "CRM_TOKEN" }`; this class swaps those references for the values, and remembers
 * every value it handed out so that messages can be scrubbed of them before they are printed or
 * stored.
 *
 * @example
 * const secrets = new EnvSecrets(process.env);
 * const options = secrets.resolve({ token: { $env: 'CRM_TOKEN' } }, ['sources', 'crm', 'options']);
 */
export class EnvSecrets {
  private readonly handedOut = new Set<string>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /**
   * The value of environment variable `name`; throws a {@link CliError} naming the variable (and
   * `where` it was needed) when it is unset or empty.
   */
  secret(name: string, where?: string): string {
    const value = this.env[name];
    if (value === undefined || value.length === 0) {
      const prefix = where === undefined ? '' : `${where}: `;
      throw new CliError(`${prefix}environment variable ${name} is not set`);
    }
    this.handedOut.add(value);
    return value;
  }

  /**
   * The values of the `{ "$env": NAME }` references in `value` (call after {@link resolve}, which
   * reports unset variables), for a plugin that must keep them out of what it produces.
   */
  valuesIn(value: unknown): string[] {
    if (typeof value !== 'object' || value === null) return [];
    const name = (value as { $env?: unknown }).$env;
    if (typeof name === 'string') return this.env[name] ? [this.env[name] as string] : [];
    return Object.values(value).flatMap((item) => this.valuesIn(item));
  }

  /** A copy of `value` with every `{ "$env": NAME }` replaced by that variable's value. */
  resolve(value: unknown, path: readonly PropertyKey[]): unknown {
    if (Array.isArray(value))
      return value.map((item, index) => this.resolve(item, [...path, index]));
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    if (entries.some(([key]) => key === '$env')) return this.resolveReference(value, path);
    return Object.fromEntries(
      entries.map(([key, item]) => [key, this.resolve(item, [...path, key])]),
    );
  }

  /**
   * `text` with every secret value handed out so far replaced by `***`, in every spelling
   * (percent-encoded, JSON-escaped, base64: see `SecretRedactor`).
   */
  redact(text: string): string {
    const long = [...this.handedOut].filter((value) => value.length >= MIN_REDACTED_LENGTH);
    return new SecretRedactor(long).redact(text);
  }

  private resolveReference(reference: object, path: readonly PropertyKey[]): string {
    const where = formatConfigPath(path);
    const { $env: name, ...rest } = reference as { $env: unknown };
    if (typeof name !== 'string' || name.length === 0) {
      throw new CliError(`${where}: "$env" must name an environment variable`);
    }
    if (Object.keys(rest).length > 0) {
      throw new CliError(`${where}: { "$env": … } takes no other keys`);
    }
    return this.secret(name, where);
  }
}
