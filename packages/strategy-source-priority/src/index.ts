export { oxideMirrorPlugin } from './plugin';
export { SourcePriority } from './source-priority';
export {
  parseSourcePriorityOptions,
  sourcePriorityOptionsSchema,
  type SourcePriorityOptions,
} from './source-priority-options';
