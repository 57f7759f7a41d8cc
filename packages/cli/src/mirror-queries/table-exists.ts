import type { MirrorStore } from '@oxide-mirror/core';

/** True when the mirror database has a table or view called `name`. */
export async function tableExists(store: MirrorStore, name: string): Promise<boolean> {
  const rows = await store.query(
    "SELECT 1 AS found FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
    [name],
  );
  return rows.length > 0;
}
