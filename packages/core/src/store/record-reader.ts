import type { MirroredRecord } from '../mirrored-record';

/** Reading the live records of `mirror_records`. */
export interface RecordReader {
  /** The live record, or undefined when it does not exist or was deleted. */
  getRecord(resource: string, recordId: string): Promise<MirroredRecord | undefined>;
  /** The live records of a resource, ordered by record id. */
  listRecords(resource: string): Promise<MirroredRecord[]>;
}
