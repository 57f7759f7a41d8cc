import type { MirrorCatalog, ResourceDescription, ResourceSummary } from '@oxide-mirror/core';
import { viewColumns } from './catalog/view-columns';
import { GUIDE_URI, viewResourceUri } from './resources/resource-uris';

/**
 * Most characters of the instructions. Clients put them in the model's context on every turn,
 * so they name what is there and point at the resources for the rest.
 */
export const INSTRUCTIONS_BUDGET = 2048;

/** Most columns named per view; wider views end in "…" (the view resource lists them all). */
const COLUMNS_SHOWN = 12;

/**
 * The server's instructions, written from what the mirror holds: each resource with its view,
 * columns, live records and last sync, within {@link INSTRUCTIONS_BUDGET} characters. A mirror
 * with too many resources to list in full gets names and counts, then a count of the rest.
 */
export async function mirrorInstructions(catalog: MirrorCatalog, dialect: string): Promise<string> {
  const summaries = await catalog.resourceSummaries();
  const head =
    `A read-only mirror of ${summaries.length} resource(s) in one ${dialect} database, ` +
    'kept fresh by syncing their services. Answer questions with the query tool over the ' +
    'views below, joining resources on shared values (emails, ids; lower() both sides of an ' +
    'email). ';
  const tail =
    `\nRead ${GUIDE_URI} for the mirror's own tables (mirror_records, mirror_events, sync_runs, ` +
    `mirror_rejects) and tested example queries, and ${viewResourceUri('<resource>')} for a ` +
    "view's columns, types and example values. get_record and record_history explain one record; " +
    'sync_status tells how fresh each source is.';
  if (summaries.length === 0) {
    return `${head}\nThe mirror holds no records yet: a sync fills it.${tail}`;
  }
  const room = INSTRUCTIONS_BUDGET - head.length - tail.length;
  const detailed = await detailedListing(catalog, summaries);
  const listing = detailed.length <= room ? detailed : shortListing(summaries, room - '\n'.length);
  return `${head}\nResources (view: columns; live records; last synced):\n${listing}${tail}`;
}

async function detailedListing(
  catalog: MirrorCatalog,
  summaries: readonly ResourceSummary[],
): Promise<string> {
  const lines: string[] = [];
  for (const summary of summaries) {
    const description = await catalog.describeResource(summary.resource);
    lines.push(`- ${summary.resource}${viewPart(summary, description)}; ${tally(summary)}`);
  }
  return lines.join('\n');
}

function viewPart(summary: ResourceSummary, description: ResourceDescription): string {
  if (summary.view === null) return ' (no view: use mirror_records)';
  const columns = viewColumns(description);
  const shown = columns.slice(0, COLUMNS_SHOWN).join(', ');
  const more = columns.length > COLUMNS_SHOWN ? ', …' : '';
  const name = summary.view === summary.resource ? 'view' : `view ${summary.view}`;
  return ` (${name}: ${shown}${more})`;
}

function tally(summary: ResourceSummary): string {
  return `${summary.records} records; synced ${summary.lastSyncedAt ?? 'never'}`;
}

/** Names and counts only, as many as fit in `room` characters, then how many are left out. */
function shortListing(summaries: readonly ResourceSummary[], room: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, summary] of summaries.entries()) {
    const line = `- ${summary.resource} (${tally(summary)})`;
    const rest = summaries.length - index - 1;
    const reserve = rest > 0 ? `\n- …and ${rest} more: call list_resources`.length : 0;
    if (used + line.length + 1 + reserve > room) {
      lines.push(`- …and ${summaries.length - index} more: call list_resources`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}
