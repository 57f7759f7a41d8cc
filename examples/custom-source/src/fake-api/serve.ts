import { demoProducts } from './demo-products';
import { FakeshopApi } from './fakeshop-api';

/**
 * Serves the fake API with the demo products until stopped (SIGINT or SIGTERM), for a sync run by
 * another process, such as the oxide-mirror CLI in CI. Port: first argument or FAKESHOP_PORT
 * (default 4010); API key: FAKESHOP_API_KEY when set.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? process.env.FAKESHOP_PORT ?? 4010);
  const api = await FakeshopApi.start({ port, apiKey: process.env.FAKESHOP_API_KEY });
  api.upsert(demoProducts());
  console.log(`fakeshop API listening on ${api.url} with ${demoProducts().length} products`);
  const stop = (): void => {
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
