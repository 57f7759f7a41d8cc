export { KeepLocal } from './keep-local';
export { oxideMirrorPlugin } from './plugin';
