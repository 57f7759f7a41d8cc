import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '@oxide-mirror/core';
import { FIELD_CATALOG_VERSION } from './schema/meta-keys';
import { payloadFieldsOf } from './payload-fields';
import { cachedStatement } from './statement-cache';
import { readMeta, writeMeta } from './store-meta';
import type { SqliteProjection, SqliteProjectionContext } from './sqlite-projection';

/** Prefixes a resource may not take as a view name: they belong to the store or to SQLite. */
const RESERVED_PREFIXES = ['mirror_', 'sqlite_', 'kysely_'];

/** A double-quoted SQL identifier, valid whatever characters `name` holds. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** SQL reading the top-level `field` of `payload`, whatever characters the field name holds. */
function fieldExpression(field: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) return `json_extract(payload, '$.${field}')`;
  if (!field.includes('"')) return `json_extract(payload, ${quoteLiteral(`$."${field}"`)})`;
  // JSON paths cannot quote a `"`; json_each matches the key exactly instead.
  return `(SELECT value FROM json_each(payload) WHERE key = ${quoteLiteral(field)})`;
}

/** Gives each name a spelling unique without regard to case, as SQLite compares identifiers. */
function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * One SQL view per resource whose columns are the top-level payload fields seen so far, so an
 * agent can write `SELECT name, email FROM crm_contacts` instead of `json_extract` calls. A view
 * is re-created, inside the batch's transaction, when a new field appears. View and column names
 * are quoted identifiers, so any resource or field name gives valid SQL; a resource whose name
 * would shadow the store's own tables gets an `r_` prefix.
 *
 * The field catalog lives in `mirror_resource_fields`, written in the transaction of the batch
 * that adds fields, and every view is built from it, never from memory: two processes writing
 * one file cannot drop each other's columns, and a batch that rolls back takes its fields with
 * it. The in-memory copy only spares a lookup per field; it is trusted while the catalog's
 * version (a fresh token in `mirror_meta` with every change) is the one it was read at.
 */
export class ResourceViewsProjection implements SqliteProjection {
  readonly name = 'resource_views';
  /** Fields seen depend on the logged payloads only, not on which deltas the strategy applied. */
  readonly logOnly = true;
  private fields = new Map<string, Set<string>>();
  private catalogVersion: string | undefined;

  setup({ db }: SqliteProjectionContext): void {
    this.reload(db);
  }

  apply(events: readonly StoredEvent[], { db }: SqliteProjectionContext): void {
    if (readMeta(db, FIELD_CATALOG_VERSION) !== this.catalogVersion) this.reload(db);
    const changed = new Set<string>();
    const insert = cachedStatement(
      db,
      'INSERT OR IGNORE INTO mirror_resource_fields (resource, field, ordinal) ' +
        'SELECT @resource, @field, coalesce(max(ordinal), 0) + 1 FROM mirror_resource_fields ' +
        'WHERE resource = @resource',
    );
    for (const { delta } of events) {
      if (delta.op === 'delete') continue;
      const known = this.fieldsOf(delta.resource);
      for (const field of payloadFieldsOf(delta)) {
        if (known.has(field)) continue;
        known.add(field);
        if (insert.run({ resource: delta.resource, field }).changes > 0)
          changed.add(delta.resource);
      }
    }
    if (changed.size === 0) return;
    for (const resource of changed) this.createView(db, resource);
    this.bumpCatalogVersion(db);
  }

  reset({ db }: SqliteProjectionContext): void {
    const views = db
      .prepare('SELECT view_name FROM mirror_resource_views')
      .pluck()
      .all() as string[];
    for (const view of views) db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(view)}`);
    db.exec('DELETE FROM mirror_resource_views; DELETE FROM mirror_resource_fields');
    this.fields = new Map();
    this.bumpCatalogVersion(db);
  }

  /** Marks the catalog changed, in the running transaction: other copies of it are now stale. */
  private bumpCatalogVersion(db: Database): void {
    this.catalogVersion = randomUUID();
    writeMeta(db, FIELD_CATALOG_VERSION, this.catalogVersion);
  }

  /** Reads the whole catalog, and the version it is at, from the database. */
  private reload(db: Database): void {
    this.catalogVersion = readMeta(db, FIELD_CATALOG_VERSION);
    this.fields = new Map();
    for (const { resource, field } of this.storedFields(db)) this.fieldsOf(resource).add(field);
  }

  private storedFields(db: Database, resource?: string): { resource: string; field: string }[] {
    const where = resource === undefined ? '' : 'WHERE resource = ?';
    const statement = db.prepare(
      `SELECT resource, field FROM mirror_resource_fields ${where} ORDER BY resource, ordinal`,
    );
    return (resource === undefined ? statement.all() : statement.all(resource)) as {
      resource: string;
      field: string;
    }[];
  }

  private fieldsOf(resource: string): Set<string> {
    let known = this.fields.get(resource);
    if (known === undefined) this.fields.set(resource, (known = new Set()));
    return known;
  }

  private createView(db: Database, resource: string): void {
    const view = this.viewNameOf(db, resource);
    const columns = new Set(['record_id']);
    const selected = this.storedFields(db, resource).map(
      ({ field }) => `${fieldExpression(field)} AS ${quoteIdentifier(uniqueName(field, columns))}`,
    );
    db.exec(`DROP VIEW IF EXISTS ${quoteIdentifier(view)}`);
    db.exec(
      `CREATE VIEW ${quoteIdentifier(view)} AS SELECT record_id, ${selected.join(', ')} ` +
        `FROM mirror_records WHERE resource = ${quoteLiteral(resource)}`,
    );
  }
  /** The view's name: the stored one, or a new one that shadows nothing. */
  private viewNameOf(db: Database, resource: string): string {
    const stored = db
      .prepare('SELECT view_name FROM mirror_resource_views WHERE resource = ?')
      .pluck()
      .get(resource);
    if (typeof stored === 'string') return stored;
    const lower = resource.toLowerCase();
    const wanted = RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))
      ? `r_${resource}`
      : resource;
    const taken = new Set(
      (db.prepare('SELECT name FROM sqlite_master').pluck().all() as string[]).map((name) =>
        name.toLowerCase(),
      ),
    );
    const name = uniqueName(wanted, taken);
    db.prepare('INSERT INTO mirror_resource_views (resource, view_name) VALUES (?, ?)').run(
      resource,
      name,
    );
    return name;
  }
}
