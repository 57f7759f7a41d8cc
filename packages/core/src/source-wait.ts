/**
 * A wait of a source before its next request: a rate limit the server asked for, or the backoff
 * before a retry. Sources tell hosts through `SourcePluginContext.onWait`, so that a sync that
 * seems to stand still says why.
 */
export interface SourceWait {
  /** How long the source waits, in milliseconds. */
  ms: number;
  /** `rate-limited`: the server asked for it; `retry`: backoff after a failure. */
  reason: 'rate-limited' | 'retry';
  /** What caused it, secrets redacted (for example `429 Too Many Requests from …`). */
  detail: string;
}
