export { KeepLocal } from './keep-local';
