import type { LoadedConfig } from '../config/load-config';
import { POSTGRES_STORE, SQLITE_STORE } from '../config/store-target';

/** The SQL dialect agents write for the mirror's store, named as they would know it. */
export function sqlDialectOf(settings: LoadedConfig): string {
  switch (settings.database.use) {
    case SQLITE_STORE:
      return 'SQLite';
    case POSTGRES_STORE:
      return 'PostgreSQL';
    default:
      return `the SQL of ${settings.database.use}`;
  }
}
