export { LastWriteWins } from './last-write-wins';
export { oxideMirrorPlugin } from './plugin';
