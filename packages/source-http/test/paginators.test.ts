import {
  HttpSourceError,
  LinkHeaderPaginator,
  NextCursorPaginator,
  OffsetPaginator,
  PageNumberPaginator,
  SinglePagePaginator,
  createPaginator,
  findLink,
  readPath,
  type PageResponse,
} from '@oxide-mirror/source-http';

const LIST = new URL('https://api.example.com/v1/items?sort=updated');

function response(
  body: unknown,
  recordCount: number,
  headers: Record<string, string> = {},
  url = LIST.toString(),
): PageResponse {
  const records = Array.from({ length: recordCount }, (_, i) => ({ id: i }));
  return { url, body, headers: new Headers(headers), recordCount, records };
}

describe('NextCursorPaginator', () => {
  const paginator = new NextCursorPaginator({ cursorPath: 'meta.next', param: 'cursor' });

  it('asks for the first page without a cursor and later pages with one', () => {
    expect(paginator.pageUrl(LIST, undefined).toString()).toBe(
      'https://api.example.com/v1/items?sort=updated',
    );
    expect(paginator.pageUrl(LIST, 'abc=').toString()).toBe(
      'https://api.example.com/v1/items?sort=updated&cursor=abc%3D',
    );
  });

  it('reads the next cursor from the body', () => {
    expect(paginator.nextToken(response({ meta: { next: 'abc' } }, 2))).toBe('abc');
    expect(paginator.nextToken(response({ meta: { next: 42 } }, 2))).toBe(42);
  });

  it.each([[null], [''], [false], [undefined]])(
    'ends the listing at a next cursor of %p',
    (next) => {
      expect(paginator.nextToken(response({ meta: { next } }, 2))).toBeUndefined();
    },
  );
});

describe('LinkHeaderPaginator', () => {
  const paginator = new LinkHeaderPaginator();

  it('follows rel="next", resolving a relative link against the page URL', () => {
    const link =
      '</v1/items?page=3>; rel="next", <https://api.example.com/v1/items?page=1>; rel="first"';
    expect(paginator.nextToken(response([], 2, { link }))).toBe(
      'https://api.example.com/v1/items?page=3',
    );
    expect(paginator.pageUrl(LIST, 'https://api.example.com/v1/items?page=3').toString()).toBe(
      'https://api.example.com/v1/items?page=3',
    );
  });

  it('ends the listing without a next link', () => {
    expect(
      paginator.nextToken(
        response([], 2, { link: '<https://api.example.com/v1/items?page=1>; rel="prev"' }),
      ),
    ).toBeUndefined();
    expect(paginator.nextToken(response([], 2))).toBeUndefined();
  });

  it('refuses a next link to another origin', () => {
    const link = '<https://attacker.example.net/items?page=2>; rel="next"';
    expect(() => paginator.nextToken(response([], 2, { link }))).toThrow(HttpSourceError);
    expect(() => paginator.nextToken(response([], 2, { link }))).toThrow(
      /another origin \(https:\/\/attacker\.example\.net\)/,
    );
  });

  it('finds a relation among several in one rel parameter', () => {
    expect(findLink('<https://a.example/2>; rel="next last"', 'last')).toBe('https://a.example/2');
    expect(findLink('<https://a.example/2>;rel=next', 'next')).toBe('https://a.example/2');
    expect(findLink(null, 'next')).toBeUndefined();
  });
});

describe('PageNumberPaginator', () => {
  const sized = new PageNumberPaginator({ param: 'page', sizeParam: 'per_page', size: 2 });

  it('starts at page 1 with the page size set', () => {
    expect(sized.pageUrl(LIST, undefined).searchParams.toString()).toBe(
      'sort=updated&page=1&per_page=2',
    );
    expect(sized.pageUrl(LIST, 4).searchParams.get('page')).toBe('4');
  });

  it('goes on after a full page and stops after a short or empty one', () => {
    expect(sized.nextToken(response([], 2), 1)).toBe(2);
    expect(sized.nextToken(response([], 1), 2)).toBeUndefined();
    expect(sized.nextToken(response([], 0), 3)).toBeUndefined();
  });

  it('trusts a reported page count over short pages', () => {
    const counted = new PageNumberPaginator({ size: 100, totalPagesPath: 'meta.pages' });
    expect(counted.nextToken(response({ meta: { pages: 3 } }, 50), 1)).toBe(2);
    expect(counted.nextToken(response({ meta: { pages: 3 } }, 50), 3)).toBeUndefined();
  });

  it('counts pages from a zero start', () => {
    const zero = new PageNumberPaginator({ start: 0, totalPagesPath: 'pages' });
    expect(zero.pageUrl(LIST, undefined).searchParams.get('page')).toBe('0');
    expect(zero.nextToken(response({ pages: 2 }, 5), undefined)).toBe(1);
    expect(zero.nextToken(response({ pages: 2 }, 5), 1)).toBeUndefined();
  });
});

describe('OffsetPaginator', () => {
  const paginator = new OffsetPaginator({ limit: 100 });

  it('sets offset and limit', () => {
    expect(paginator.pageUrl(LIST, undefined).searchParams.toString()).toBe(
      'sort=updated&offset=0&limit=100',
    );
    expect(paginator.pageUrl(LIST, 300).searchParams.get('offset')).toBe('300');
  });

  it('advances by the records received and stops at a short page', () => {
    expect(paginator.nextToken(response([], 100), 200)).toBe(300);
    expect(paginator.nextToken(response([], 99), 300)).toBeUndefined();
  });

  it('keeps going after a capped page when a total says more remain', () => {
    const counted = new OffsetPaginator({
      limit: 100,
      totalPath: 'total',
      offsetParam: 'skip',
      limitParam: 'take',
    });
    expect(counted.pageUrl(LIST, 50).searchParams.toString()).toBe('sort=updated&skip=50&take=100');
    expect(counted.nextToken(response({ total: 120 }, 50), undefined)).toBe(50);
    expect(counted.nextToken(response({ total: 120 }, 50), 50)).toBe(100);
    expect(counted.nextToken(response({ total: 120 }, 20), 100)).toBeUndefined();
  });
});

describe('createPaginator', () => {
  it('builds the paginator a config names, a single page by default', () => {
    expect(createPaginator(undefined, 'id', 'pagination')).toBeInstanceOf(SinglePagePaginator);
    expect(createPaginator({ kind: 'offset', limit: 10 }, 'id', 'pagination')).toBeInstanceOf(
      OffsetPaginator,
    );
    expect(createPaginator({ kind: 'link-header' }, 'id', 'pagination')).toBeInstanceOf(
      LinkHeaderPaginator,
    );
  });

  it('names the bad field of a pagination config', () => {
    expect(() =>
      createPaginator({ kind: 'offset' } as never, 'id', 'resources[2].pagination'),
    ).toThrow('http source config: resources[2].pagination.limit is required');
    expect(() => createPaginator({ kind: 'pages' } as never, 'id', 'p')).toThrow(
      /p\.kind must be one of "none", "next-cursor", .*got "pages"/,
    );
    expect(() => createPaginator({ kind: 'next-cursor', param: 'c' } as never, 'id', 'p')).toThrow(
      /p\.cursorPath is required/,
    );
    expect(() =>
      createPaginator({ kind: 'offset', limit: 5, totalPth: 'total' } as never, 'id', 'p'),
    ).toThrow("p.totalPth is not a known setting; did you mean 'totalPath'?");
  });

  it('accepts a custom paginator', () => {
    const custom = new SinglePagePaginator();
    expect(createPaginator({ kind: 'custom', paginator: custom }, 'id', 'p')).toBe(custom);
  });
});

describe('readPath', () => {
  it('reads dotted paths, array indexes and the value itself', () => {
    expect(readPath({ a: { b: [1, { c: 'x' }] } }, 'a.b.1.c')).toBe('x');
    expect(readPath([1], '')).toEqual([1]);
    expect(readPath({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('counts a negative index from the end of an array', () => {
    const body = { data: [{ id: 'a' }, { id: 'b' }] };
    expect(readPath(body, 'data.-1.id')).toBe('b');
    expect(readPath(body, 'data.-2.id')).toBe('a');
    expect(readPath(body, 'data.-3.id')).toBeUndefined();
    expect(readPath({ data: [] }, 'data.-1.id')).toBeUndefined();
  });

  it('never reads inherited members', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: null }, 'a.b')).toBeUndefined();
  });
});
