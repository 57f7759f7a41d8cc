/** A product as the Fakeshop API sends it (`GET /v1/products`). */
export interface Product {
  id: string;
  name: string;
  price_cents: number;
  /** When the product last changed, ISO-8601 UTC; the list is ordered by it, then by id. */
  updated_at: string;
  /** Present and true once the product was deleted; deleted products stay in the change feed. */
  deleted?: boolean;
}

/** One page of `GET /v1/products`. */
export interface ProductPage {
  data: Product[];
  /** Pass as `page_token` to get the next page; null on the last page. */
  next_page_token: string | null;
}
