import type { Product } from '../product';

/** A dozen products for the demo and the CI sync, changed over one morning. */
export function demoProducts(): Product[] {
  const names = [
    'Espresso cup',
    'Latte mug',
    'Teapot',
    'Kettle',
    'French press',
    'Milk jug',
    'Sugar bowl',
    'Coffee grinder',
    'Tea strainer',
    'Cake stand',
    'Tray',
    'Napkins',
  ];
  return names.map((name, i) => ({
    id: `p${String(i + 1).padStart(2, '0')}`,
    name,
    price_cents: 450 + i * 125,
    // Two products share each minute, so pages meet equal timestamps.
    updated_at: new Date(Date.UTC(2024, 4, 1, 9, Math.floor(i / 2))).toISOString(),
  }));
}
