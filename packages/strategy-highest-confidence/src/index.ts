export { HighestConfidence } from './highest-confidence';
