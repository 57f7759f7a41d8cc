import { KeepLocal } from '@oxide-mirror/strategy-keep-local';
import { runStrategyContract } from '@oxide-mirror/testing';

runStrategyContract('KeepLocal', { createStrategy: () => new KeepLocal() });
