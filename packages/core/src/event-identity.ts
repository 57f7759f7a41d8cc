import * as crypto from 'node:crypto';
import type { Delta } from './delta';

/** `crypto.hash` (Node 20.12+) when present: one-shot hashing is a third of a Hash object's cost. */
const oneShotHash = (
  crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }
).hash;

function sha1(text: string): string {
  return oneShotHash !== undefined
    ? oneShotHash('sha1', text, 'hex')
    : crypto.createHash('sha1').update(text).digest('hex');
}

/**
 * The identity of a delta: a SHA-1 over source, resource, record id, op, canonical `occurredAt`
 * and the payload's canonical JSON text (`canonicalJson`), so equal content is one event however
 * its keys were ordered or its time was spelled. Confidence is not part of it: a re-sent change is
 * the same change even if the source's trust in it moved. Stores use it to recognise re-sent deltas.
 */
export function eventIdOf(delta: Delta, payloadJson: string | null): string {
  return identityOf(delta, delta.occurredAt, payloadJson);
}

/**
 * The identity release 0.1.0 gave the same delta: over the payload's JSON text in its own key
 * order, with the time cut to milliseconds. Undefined when that release could not have logged it
 * (a bigint payload) or when it equals the canonical identity. A store whose log predates
 * canonical identities also looks this one up, so re-sent old data is still recognised.
 */
export function legacyEventIdOf(delta: Delta, canonicalId: string): string | undefined {
  let legacyJson: string | null = null;
  if (delta.payload !== null) {
    try {
      legacyJson = JSON.stringify(delta.payload);
    } catch {
      return undefined;
    }
  }
  const at = delta.occurredAt;
  const legacyTime = at.length === 24 ? at : `${at.slice(0, 23)}Z`;
  const legacy = identityOf(delta, legacyTime, legacyJson);
  return legacy === canonicalId ? undefined : legacy;
}

function identityOf(delta: Delta, occurredAt: string, payloadJson: string | null): string {
  const head = JSON.stringify([
    delta.provenance.source,
    delta.resource,
    delta.recordId,
    delta.op,
    occurredAt,
  ]);
  return sha1(head + (payloadJson ?? 'null'));
}
