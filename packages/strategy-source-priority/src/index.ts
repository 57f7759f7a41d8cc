export { oxideMirrorPlugin } from './plugin';
export { SourcePriority } from './source-priority';
export { parseSourcePriorityOptions, type SourcePriorityOptions } from './source-priority-options';
