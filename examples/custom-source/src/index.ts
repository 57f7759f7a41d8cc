export { FakeshopApiError } from './fakeshop-api-error';
export { fakeshopOptionsSchema, type FakeshopOptions } from './fakeshop-options';
export { FakeshopSource, type FakeshopSourceOptions } from './fakeshop-source';
export { oxideMirrorPlugin } from './plugin';
export type { Product, ProductPage } from './product';
