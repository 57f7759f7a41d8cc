import {
  MirrorError,
  type Clock,
  type ConflictStrategy,
  type DeltaLimits,
  type QueryLimits,
} from '@oxide-mirror/core';

/** The login role that runs read-only SQL, and how it authenticates. */
export interface PostgresReaderOptions {
  /** Role name; default `<schema>_reader`. The store creates it when missing. */
  user?: string;
  /** Its password, where the server does not trust loopback connections. */
  password?: string;
}

/** Options of {@link PostgresMirrorStore.open}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; the writer's login. */
  connectionString: string;
  /** The schema that holds the mirror; default `oxide_mirror`. One database may hold several. */
  schema?: string;
  /** The role read-only SQL runs as; it may only read the mirror's schema. */
  reader?: PostgresReaderOptions;
  /** Connections the writer pool opens at most; default 4. */
  poolSize?: number;
  /** Where recorded times come from; default the system clock. */
  clock?: Clock;
  /** Bounds on a delta; default `DEFAULT_DELTA_LIMITS`. */
  limits?: Partial<DeltaLimits>;
  /** Bounds on one read-only query. */
  queryLimits?: Partial<QueryLimits>;
  /** The strategy of history, as-of and rebuild when none is given to them. */
  strategy?: ConflictStrategy;
  /** Per-resource SQL views over the payload's fields; default true. */
  resourceViews?: boolean;
  /** Refuse every write, and migrate nothing: for hosts that only read. */
  readOnly?: boolean;
  /** Refuse to open (`NoMirrorError`) when the schema holds no mirror yet, instead of creating it. */
  mustExist?: boolean;
}

const KNOWN_OPTIONS: readonly (keyof PostgresStoreOptions)[] = [
  'connectionString',
  'schema',
  'reader',
  'poolSize',
  'clock',
  'limits',
  'queryLimits',
  'strategy',
  'resourceViews',
  'readOnly',
  'mustExist',
];

const KNOWN_READER_OPTIONS: readonly (keyof PostgresReaderOptions)[] = ['user', 'password'];

/** Names the store creates stay plain, so they never need quoting rules of their own. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function refuse(problem: string): never {
  throw new MirrorError('INVALID_OPTIONS', `store-postgres: ${problem}`);
}

function checkKeys(where: string, given: object, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key))
      refuse(`${where}${key} is not an option (known: ${known.join(', ')})`);
  }
}

/** The options with their defaults; a misspelt or ill-typed option is an error naming it. */
export function checkStoreOptions(
  options: PostgresStoreOptions,
): Required<Pick<PostgresStoreOptions, 'schema' | 'poolSize'>> & { readerUser: string } {
  if (typeof options !== 'object' || options === null) refuse('options must be an object');
  checkKeys('', options, KNOWN_OPTIONS);
  checkKeys('reader.', options.reader ?? {}, KNOWN_READER_OPTIONS);
  if (
    typeof options.connectionString !== 'string' ||
    !/^postgres(ql)?:\/\//.test(options.connectionString)
  ) {
    refuse('connectionString must be a postgres://… URL');
  }
  const schema = options.schema ?? 'oxide_mirror';
  if (!PLAIN_NAME.test(schema)) {
    refuse(
      `schema '${schema}' must be lower-case letters, digits and _ (at most 63, not a digit first)`,
    );
  }
  const readerUser = options.reader?.user ?? `${schema}_reader`;
  if (!PLAIN_NAME.test(readerUser)) {
    refuse(`reader.user '${readerUser}' must be lower-case letters, digits and _ (at most 63)`);
  }
  const poolSize = options.poolSize ?? 4;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1)
    refuse('poolSize must be a whole number, 1 or more');
  return { schema, poolSize, readerUser };
}
