import { PluginOptionsError } from '@oxide-mirror/core';

/** How {@link SourcePriority} ranks sources. */
export interface SourcePriorityOptions {
  /** Source ids, highest priority first. Sources not listed rank below all listed ones. */
  order: readonly string[];
  /** Per-resource orders that replace `order` for that resource. */
  byResource?: Readonly<Record<string, readonly string[]>>;
}

const PLUGIN = 'source-priority';
const KNOWN = ['order', 'byResource'];

function fail(field: string, problem: string): never {
  throw new PluginOptionsError(PLUGIN, field, problem);
}

/** Checks one ordered list of source ids: non-empty, non-empty unique strings. */
function checkOrder(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    fail(
      field,
      `must be a list of source ids, highest priority first, got ${JSON.stringify(value)}`,
    );
  }
  if (value.length === 0) fail(field, 'must list at least one source');
  const seen = new Set<string>();
  value.forEach((source: unknown, index) => {
    if (typeof source !== 'string' || source.trim().length === 0) {
      fail(`${field}[${index}]`, `must be a non-empty source id, got ${JSON.stringify(source)}`);
    }
    if (seen.has(source)) fail(`${field}[${index}]`, `repeats '${source}': a source has one rank`);
    seen.add(source);
  });
  return [...seen];
}

/**
 * Checks options from a config file and returns them typed; throws `PluginOptionsError` naming
 * the bad field (`order[1]`, `byResource.invoices`, …).
 *
 * @example
 * parseSourcePriorityOptions({ order: ['crm', 'billing'], byResource: { invoices: ['billing'] } });
 */
export function parseSourcePriorityOptions(options: unknown): SourcePriorityOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('order', 'is required: give { "order": ["highest-priority source", …] }');
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN.includes(key))
      fail(key, `is not an option of ${PLUGIN} (known: ${KNOWN.join(', ')})`);
  }
  const order = checkOrder(given.order, 'order');
  if (given.byResource === undefined) return { order };
  const byResource = given.byResource;
  if (typeof byResource !== 'object' || byResource === null || Array.isArray(byResource)) {
    fail('byResource', 'must map resource names to lists of source ids');
  }
  const lists: Record<string, string[]> = {};
  for (const [resource, list] of Object.entries(byResource)) {
    if (resource.length === 0) fail('byResource', 'has an empty resource name');
    lists[resource] = checkOrder(list, `byResource.${resource}`);
  }
  return { order, byResource: lists };
}
