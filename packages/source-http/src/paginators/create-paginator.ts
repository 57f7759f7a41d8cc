import { HttpConfigError } from '../errors';
import {
  choiceAt,
  numberAt,
  objectAt,
  optionalPathAt,
  optionalTextAt,
  textAt,
} from '../config-checks';
import type { PaginationConfig } from '../http-source-config';
import { LinkHeaderPaginator } from './link-header-paginator';
import { NextCursorPaginator } from './next-cursor-paginator';
import { OffsetPaginator } from './offset-paginator';
import { PageNumberPaginator } from './page-number-paginator';
import type { Paginator } from './paginator';
import { SinglePagePaginator } from './single-page-paginator';

const KINDS = ['none', 'next-cursor', 'link-header', 'page-number', 'offset', 'custom'] as const;

/**
 * Checks a pagination config and builds its paginator; errors name the bad field under `field`.
 *
 * @example
 * createPaginator({ kind: 'offset', limit: 100 }, 'pagination');
 */
export function createPaginator(config: PaginationConfig | undefined, field: string): Paginator {
  if (config === undefined) return new SinglePagePaginator();
  const raw = objectAt(config, field);
  const kind = choiceAt(raw.kind, `${field}.kind`, KINDS, 'none');
  const at = (name: string): string => `${field}.${name}`;
  switch (kind) {
    case 'none':
      return new SinglePagePaginator();
    case 'next-cursor':
      return new NextCursorPaginator({
        cursorPath: textAt(raw.cursorPath, at('cursorPath')),
        param: textAt(raw.param, at('param')),
      });
    case 'link-header':
      return new LinkHeaderPaginator({ rel: optionalTextAt(raw.rel, at('rel')) ?? 'next' });
    case 'page-number':
      return pageNumber(raw, at);
    case 'offset':
      return new OffsetPaginator({
        limit: required(
          numberAt(raw.limit, at('limit'), { min: 1, integer: true }, 0),
          at('limit'),
        ),
        offsetParam: optionalTextAt(raw.offsetParam, at('offsetParam')) ?? 'offset',
        limitParam: optionalTextAt(raw.limitParam, at('limitParam')) ?? 'limit',
        ...optional('totalPath', optionalPathAt(raw.totalPath, at('totalPath'))),
      });
    case 'custom':
      return custom(raw.paginator, at('paginator'));
  }
}

function pageNumber(raw: Record<string, unknown>, at: (name: string) => string): Paginator {
  const sizeParam = optionalTextAt(raw.sizeParam, at('sizeParam'));
  const size =
    raw.size === undefined
      ? undefined
      : numberAt(raw.size, at('size'), { min: 1, integer: true }, 1);
  if (sizeParam !== undefined && size === undefined)
    throw new HttpConfigError(at('size'), 'is needed with sizeParam');
  return new PageNumberPaginator({
    param: optionalTextAt(raw.param, at('param')) ?? 'page',
    start: numberAt(raw.start, at('start'), { min: 0, integer: true }, 1),
    ...optional('sizeParam', sizeParam),
    ...optional('size', size),
    ...optional('totalPagesPath', optionalPathAt(raw.totalPagesPath, at('totalPagesPath'))),
  });
}

function custom(value: unknown, field: string): Paginator {
  const paginator = value as Partial<Paginator> | undefined;
  if (typeof paginator?.pageUrl !== 'function' || typeof paginator.nextToken !== 'function') {
    throw new HttpConfigError(field, 'must be an object with pageUrl() and nextToken() methods');
  }
  return paginator as Paginator;
}

/** `value`, unless it is the `0` fallback of a missing setting. */
function required(value: number, field: string): number {
  if (value === 0) throw new HttpConfigError(field, 'is required');
  return value;
}

/** `{ [key]: value }` when the value is set, so absent options stay absent. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
