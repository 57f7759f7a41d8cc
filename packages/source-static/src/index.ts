export { StaticSource } from './static-source';
export { oxideMirrorPlugin } from './plugin';
export { staticSourceOptionsSchema, type StaticSourceOptions } from './static-source-options';
