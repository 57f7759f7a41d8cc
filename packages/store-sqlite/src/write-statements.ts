import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { param, prepareCompiled } from './compiled-statement';
import type { MirrorDatabase } from './schema/database';

/** The statements a batch writes besides the log and the record states. */
export interface WriteStatements {
  /** `@name`, `@position`: a projection's checkpoint. */
  setCheckpoint: Statement;
  /** `@source`, `@resource`, `@cursor`, `@updated_at`. */
  setCursor: Statement;
  /** `@name`: a resource, unless known. */
  addResource: Statement;
}

/** Prepares {@link WriteStatements} on `db`. */
export function prepareWriteStatements(
  db: Database,
  kysely: Kysely<MirrorDatabase>,
): WriteStatements {
  return {
    setCheckpoint: prepareCompiled(
      db,
      kysely
        .insertInto('mirror_projections')
        .values({ name: param('name'), position: param('position') })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet({ position: param('position') }),
        ),
    ),
    setCursor: prepareCompiled(
      db,
      kysely
        .insertInto('mirror_cursors')
        .values({
          source: param('source'),
          resource: param('resource'),
          cursor: param('cursor'),
          updated_at: param('updated_at'),
        })
        .onConflict((conflict) =>
          conflict
            .columns(['source', 'resource'])
            .doUpdateSet({ cursor: param('cursor'), updated_at: param('updated_at') }),
        ),
    ),
    addResource: prepareCompiled(
      db,
      kysely
        .insertInto('mirror_resources')
        .values({ name: param('name') })
        .onConflict((conflict) => conflict.doNothing()),
    ),
  };
}
