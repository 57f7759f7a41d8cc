export { LastWriteWins } from './last-write-wins';
