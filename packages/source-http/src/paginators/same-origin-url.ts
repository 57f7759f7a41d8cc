import { HttpSourceError } from '../errors';
import type { PageResponse } from './paginator';

/**
 * `link` resolved against the page's URL, refused when it leaves the page's origin: following it
 * would send the API's credentials to a stranger. `what` names where the link came from.
 */
export function sameOriginUrl(link: string, response: PageResponse, what: string): string {
  const current = new URL(response.url);
  let next: URL;
  try {
    next = new URL(link, current);
  } catch {
    throw new HttpSourceError(response.url, `${what} is not a valid URL`, { reason: 'malformed' });
  }
  if (next.origin !== current.origin) {
    throw new HttpSourceError(
      response.url,
      `${what} points to another origin (${next.origin}); refusing to send credentials there`,
      { reason: 'unsafe' },
    );
  }
  return next.toString();
}
