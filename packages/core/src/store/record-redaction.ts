/** What a redaction did. */
export interface RedactionReport {
  /** Id of the audit entry the store wrote. */
  auditId: number;
  /** Events whose payload was erased. */
  eventsRedacted: number;
}

/** The one exception to the immutable log: erasing a record on a deletion request. */
export interface RecordRedaction {
  /**
   * Erases the payload of every event of one record, records the erasure with `reason` in the
   * store's audit, and removes the record from `mirror_records` (its erased events read as
   * deletes from then on). No copy of the erased values is left in the store's files.
   */
  redactRecord(
    resource: string,
    recordId: string,
    options: { reason: string },
  ): Promise<RedactionReport>;
}
