import { HighestConfidence } from '@oxide-mirror/strategy-highest-confidence';
import { runStrategyContract } from '@oxide-mirror/testing';

runStrategyContract('HighestConfidence', { createStrategy: () => new HighestConfidence() });
