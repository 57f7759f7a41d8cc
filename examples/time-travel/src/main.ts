import { resolve } from 'node:path';
import { runTimeTravelExample } from './time-travel-example';

/** Runs the example on a file (default ./time-travel.db) and prints what each step found. */
async function main(): Promise<void> {
  const path = resolve(process.argv[2] ?? 'time-travel.db');
  const result = await runTimeTravelExample(path);
  console.log(`Mirror: ${path}\n`);
  console.log(
    `1. Synced both feeds with last-write-wins: price ${String(result.priceWithLastWriteWins)}`,
  );
  console.log(
    `2. Rebuilt ${result.rebuild.records} record(s) from ${result.rebuild.events} logged events with ` +
      `${result.rebuild.strategy}: price ${String(result.priceWithHighestConfidence)}`,
  );
  console.log('3. History of products/espresso-machine:');
  for (const { event, decision, version } of result.history) {
    const { occurredAt, provenance, payload } = event.delta;
    console.log(
      `   #${event.position}  ${occurredAt}  ${provenance.source.padEnd(8)} (${provenance.confidence})  ` +
        `price ${String(payload?.price)}  -> ${decision}${version === undefined ? '' : `, version ${version}`}`,
    );
  }
  console.log(`4. As of 09:20 the price was ${String(result.at0920?.payload?.price)}`);
}

main().catch((error: unknown) => {
  console.error(
    `time-travel example failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
