export { deepMerge } from './deep-merge';
export { MergeJson } from './merge-json';
export { oxideMirrorPlugin } from './plugin';
