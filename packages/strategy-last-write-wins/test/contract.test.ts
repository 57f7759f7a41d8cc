import { LastWriteWins } from '@oxide-mirror/strategy-last-write-wins';
import { runStrategyContract } from '@oxide-mirror/testing';

runStrategyContract('LastWriteWins', { createStrategy: () => new LastWriteWins() });
