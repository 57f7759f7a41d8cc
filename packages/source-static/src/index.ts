export { StaticSource } from './static-source';
