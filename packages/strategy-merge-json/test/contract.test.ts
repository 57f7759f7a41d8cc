import { MergeJson } from '@oxide-mirror/strategy-merge-json';
import { runStrategyContract } from '@oxide-mirror/testing';

runStrategyContract('MergeJson', { createStrategy: () => new MergeJson() });
