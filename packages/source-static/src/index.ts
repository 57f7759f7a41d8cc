export { StaticSource } from './static-source';
export { oxideMirrorPlugin } from './plugin';
