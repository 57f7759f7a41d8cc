import { MirrorError } from '@oxide-mirror/core';

/** Why an HTTP exchange failed; lets callers tell quota and transient failures from bugs. */
export type HttpFailureReason =
  | 'timeout'
  | 'network'
  | 'status'
  | 'rate-limited'
  | 'malformed'
  | 'budget'
  | 'unsafe'
  | 'too-large';

/** What an {@link HttpSourceError} knows about the failed exchange. */
export interface HttpSourceErrorDetails {
  /** Why it failed. */
  reason: HttpFailureReason;
  /** The last HTTP status received, when there was one. */
  status?: number;
  /** Requests made for this URL, retries included. */
  attempts?: number;
}

/**
 * An HTTP request of a source failed or returned something unusable. The message names the URL
 * and the problem; secrets are redacted from both before the error is built, so the error can be
 * logged as is.
 */
export class HttpSourceError extends MirrorError {
  /** The request URL, secrets redacted. */
  readonly url: string;
  /** What went wrong, secrets redacted. */
  readonly problem: string;
  /** Why it failed. */
  readonly reason: HttpFailureReason;
  /** The last HTTP status received, when there was one. */
  readonly status: number | undefined;
  /** Requests made for this URL, retries included. */
  readonly attempts: number;

  constructor(url: string, problem: string, details: HttpSourceErrorDetails) {
    super('SOURCE_PROTOCOL', `GET ${url}: ${problem}`);
    this.url = url;
    this.problem = problem;
    this.reason = details.reason;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
  }
}

/** An HTTP source's configuration is invalid; `field` names the offending setting. */
export class HttpConfigError extends MirrorError {
  /** Path of the bad setting, for example `resources[1].pagination.limit`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;

  constructor(field: string, problem: string) {
    super('INVALID_SOURCE', `http source config: ${field} ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/**
 * A complete snapshot would delete more of a resource than its configured share allows. Nothing
 * of the final page is committed, so the mirror keeps every record; raise
 * `deletes.maxDeleteShare` if the deletes are real.
 */
export class MassDeleteError extends MirrorError {
  /** The resource whose snapshot was refused. */
  readonly resource: string;
  /** Records the snapshot would have deleted. */
  readonly deletes: number;
  /** Records of the source the mirror held for the resource. */
  readonly known: number;
  /** The configured limit, a share in [0, 1]. */
  readonly maxShare: number;

  constructor(
    sourceId: string,
    resource: string,
    deletes: number,
    known: number,
    maxShare: number,
  ) {
    const share = known === 0 ? 1 : deletes / known;
    super(
      'SOURCE_PROTOCOL',
      `source '${sourceId}' refused to delete ${deletes} of ${known} '${resource}' records ` +
        `(${formatShare(share)}) missing from a complete snapshot: more than ` +
        `deletes.maxDeleteShare = ${maxShare} (${formatShare(maxShare)}); raise it if the deletes are real`,
    );
    this.resource = resource;
    this.deletes = deletes;
    this.known = known;
    this.maxShare = maxShare;
  }
}

function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
