/** One `<url>; params` entry of a Link header. */
const LINK_ENTRY = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
const REL_PARAM = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/**
 * The target of the link with relation `rel` in an RFC 8288 `Link` header, as written (possibly
 * relative); undefined when there is none. A `rel` may hold several space-separated relations.
 *
 * @example
 * findLink('<https://api.example.com/items?page=2>; rel="next"', 'next');
 * // 'https://api.example.com/items?page=2'
 */
export function findLink(header: string | null | undefined, rel: string): string | undefined {
  if (header === null || header === undefined) return undefined;
  const wanted = rel.toLowerCase();
  for (const match of header.matchAll(LINK_ENTRY)) {
    const params = REL_PARAM.exec(match[2] ?? '');
    const relations = (params?.[1] ?? params?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes(wanted)) return match[1];
  }
  return undefined;
}
