// With Vitest's globals off, the kit is handed Vitest's test functions once.
import { useTestRunner } from '@oxide-mirror/testing';
import { describe, it } from 'vitest';

useTestRunner({ describe, it });
