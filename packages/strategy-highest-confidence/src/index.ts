export { HighestConfidence } from './highest-confidence';
export { oxideMirrorPlugin } from './plugin';
