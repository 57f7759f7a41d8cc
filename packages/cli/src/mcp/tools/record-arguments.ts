import { z } from 'zod';

/** The arguments of the tools about one record. */
export const RECORD_ARGUMENTS = {
  resource: z.string().min(1).describe('resource name'),
  recordId: z.string().min(1).describe("the record's id within the resource"),
};
