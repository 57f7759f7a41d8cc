import { MirrorError, type QueryLimits } from '@oxide-mirror/core';
import { DEFAULT_QUERY_LIMITS } from '@oxide-mirror/core';
import { DEFAULT_QUERY_BUDGET, type QueryBudget } from './query-runner';

/** The store's query limits: the defaults with `given` over them, every key checked. */
export function queryLimitsOf(given: Partial<QueryLimits> | undefined): QueryLimits {
  return withDefaults('queryLimits', DEFAULT_QUERY_LIMITS, given);
}

/** Below this a query process cannot even start Node and SQLite (measured: about 50 MB). */
const MIN_MEMORY_BYTES = 64 * 1024 * 1024;

/** The store's query budget: the defaults with `given` over them, every key checked. */
export function queryBudgetOf(given: Partial<QueryBudget> | undefined): QueryBudget {
  const budget = withDefaults('queryBudget', DEFAULT_QUERY_BUDGET, given);
  if (budget.memoryBytes < MIN_MEMORY_BYTES) {
    throw new MirrorError(
      'INVALID_OPTIONS',
      `queryBudget.memoryBytes must be at least ${MIN_MEMORY_BYTES} (64 MiB): a query process needs about 50 MB to start`,
    );
  }
  return budget;
}

/**
 * `given` over `defaults`, refusing a key the defaults do not have (a misspelling would
 * otherwise leave a bound silently at its default) and anything but a positive whole number.
 */
function withDefaults<T extends object>(
  option: string,
  defaults: T,
  given: Partial<T> | undefined,
): T {
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in defaults)) {
      const known = Object.keys(defaults).join(', ');
      throw new MirrorError(
        'INVALID_OPTIONS',
        `${option}.${key} is not an option (known: ${known})`,
      );
    }
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1)) {
      throw new MirrorError(
        'INVALID_OPTIONS',
        `${option}.${key} must be a whole number, 1 or more`,
      );
    }
  }
  const chosen = Object.entries(given ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(chosen) };
}
