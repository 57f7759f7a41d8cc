import { PluginOptionsError } from './errors';
import type { OptionsIssue, OptionsSchema } from './options-schema';

/** What {@link parsePluginOptions} needs of a plugin. */
export interface PluginWithOptions<TOptions> {
  /** Short name, for messages. */
  readonly name: string;
  /** The options schema; a plugin without one checks its options itself. */
  readonly options?: OptionsSchema<TOptions> | undefined;
}

const UNKNOWN_OPTION = 'is not an option of this plugin';

/** `a.b[0]` for an issue path; `(options)` for the top level. */
function formatIssuePath(path: OptionsIssue['path']): string {
  let text = '';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') text += `[${key}]`;
    else text += text.length === 0 ? String(key) : `.${String(key)}`;
  }
  return text.length === 0 ? '(options)' : text;
}

/**
 * An issue as `[field, problem]` pairs. Schemas that report unknown keys as one issue with a
 * `keys` list (zod does) get one pair per key, so the field names the key itself.
 */
function describeIssue(issue: OptionsIssue): [string, string][] {
  const keys = (issue as { keys?: unknown }).keys;
  if (Array.isArray(keys) && keys.length > 0 && keys.every((key) => typeof key === 'string')) {
    const path = issue.path ?? [];
    return keys.map((key) => [formatIssuePath([...path, key]), UNKNOWN_OPTION]);
  }
  return [[formatIssuePath(issue.path), issue.message]];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Keys of `given` that the parsed `parsed` no longer holds: a schema that strips unknown keys
 * would otherwise drop a misspelt option without a word.
 */
function droppedKeys(given: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(given) && Array.isArray(parsed)) {
    return given.flatMap((item, index) => droppedKeys(item, parsed[index], [...path, index]));
  }
  if (!isPlainObject(given) || !isPlainObject(parsed)) return [];
  return Object.keys(given).flatMap((key) =>
    key in parsed
      ? droppedKeys(given[key], parsed[key], [...path, key])
      : [formatIssuePath([...path, key])],
  );
}

/**
 * The {@link PluginOptionsError} for what a schema found: its field is the first issue's path,
 * and its message lists every issue. For plugins that also validate synchronously (a
 * constructor taking the same options), so both paths report alike.
 *
 * @example
 * const parsed = schema.safeParse(options);
 * if (!parsed.success) throw pluginOptionsError('source-priority', parsed.error.issues);
 */
export function pluginOptionsError(
  plugin: string,
  issues: readonly OptionsIssue[],
): PluginOptionsError {
  const [first, ...rest] = issues.flatMap(describeIssue);
  const more = rest.map(([field, message]) => `; option ${field} ${message}`).join('');
  return new PluginOptionsError(
    plugin,
    first?.[0] ?? '(options)',
    `${first?.[1] ?? 'is invalid'}${more}`,
  );
}

/**
 * Checks `options` against a plugin's schema and returns them typed. Throws a
 * {@link PluginOptionsError} naming every bad option, and refuses keys the schema does not know
 * even when the schema itself would strip them. A plugin without a schema gets `options` as is.
 *
 * @example
 * const options = await parsePluginOptions(oxideMirrorPlugin, { order: ['crm'] });
 */
export async function parsePluginOptions<TOptions>(
  plugin: PluginWithOptions<TOptions>,
  options: unknown,
): Promise<TOptions> {
  if (plugin.options === undefined) return options as TOptions;
  const result = await plugin.options['~standard'].validate(options);
  if (result.issues !== undefined) throw pluginOptionsError(plugin.name, result.issues);
  const unknownKeys = droppedKeys(options, result.value);
  if (unknownKeys.length > 0) {
    throw new PluginOptionsError(
      plugin.name,
      unknownKeys[0] ?? '(options)',
      `${UNKNOWN_OPTION}${unknownKeys.length > 1 ? ` (nor ${unknownKeys.slice(1).join(', ')})` : ''}`,
    );
  }
  return result.value;
}

/**
 * The JSON Schema (draft 2020-12) of a plugin's options, when its schema can describe itself
 * (the Standard JSON Schema extension, which zod 4 has); hosts show it and put it in the JSON
 * Schema of their config files.
 */
export function pluginOptionsJsonSchema(
  plugin: PluginWithOptions<unknown>,
): Record<string, unknown> | undefined {
  return plugin.options?.['~standard'].jsonSchema?.input({ target: 'draft-2020-12' });
}
