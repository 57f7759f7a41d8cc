import type { PullContext, PullResult, SyncSource } from '@oxide-mirror/core';

/**
 * `source` with every record total its pages report (`PullResult.totals`) passed to `onTotal`,
 * so that progress can show how far each resource is. Only whole numbers, 0 or more, are passed
 * on; the engine checks the page itself.
 */
export function watchTotals(
  source: SyncSource,
  onTotal: (resource: string, records: number) => void,
): SyncSource {
  return {
    id: source.id,
    async pull(cursor: string | undefined, context?: PullContext): Promise<PullResult> {
      const page = await source.pull(cursor, context);
      const totals: unknown = (page as Partial<PullResult> | null)?.totals;
      if (typeof totals === 'object' && totals !== null) {
        for (const [resource, records] of Object.entries(totals)) {
          if (Number.isSafeInteger(records) && (records as number) >= 0) {
            onTotal(resource, records as number);
          }
        }
      }
      return page;
    },
  };
}
