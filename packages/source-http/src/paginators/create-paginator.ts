import { HttpConfigError } from '../errors';
import { parseOptions } from '../schema/parse-options';
import { paginationSchema, type PaginationConfig } from '../schema/pagination-schema';
import { LastRecordPaginator } from './last-record-paginator';
import { LinkHeaderPaginator } from './link-header-paginator';
import { NextCursorPaginator } from './next-cursor-paginator';
import { NextUrlPaginator } from './next-url-paginator';
import { OffsetPaginator } from './offset-paginator';
import { PageNumberPaginator } from './page-number-paginator';
import type { Paginator } from './paginator';
import { SinglePagePaginator } from './single-page-paginator';

/**
 * Checks a pagination config and builds its paginator; `idField` is the default field of a
 * last-record cursor. Problems throw {@link HttpConfigError} naming the setting under `field`.
 *
 * @example
 * createPaginator({ kind: 'offset', limit: 100 }, 'id', 'pagination');
 */
export function createPaginator(
  value: PaginationConfig | undefined,
  idField: string,
  field: string,
): Paginator {
  const config = value === undefined ? undefined : parseOptions(paginationSchema, value, field);
  switch (config?.kind) {
    case undefined:
    case 'none':
      return new SinglePagePaginator();
    case 'next-cursor':
      return new NextCursorPaginator(config);
    case 'next-url':
      return new NextUrlPaginator(config);
    case 'link-header':
      return new LinkHeaderPaginator(config);
    case 'page-number':
      if (config.sizeParam !== undefined && config.size === undefined)
        throw new HttpConfigError(`${field}.size`, 'is needed with sizeParam');
      if (config.totalCountPath !== undefined && config.size === undefined)
        throw new HttpConfigError(`${field}.size`, 'is needed with totalCountPath');
      return new PageNumberPaginator(config);
    case 'offset':
      return new OffsetPaginator(config);
    case 'last-record':
      return new LastRecordPaginator({ param: config.param, field: config.field ?? idField });
    case 'custom':
      return config.paginator;
  }
}
