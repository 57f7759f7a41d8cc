import { runSourceContract } from '@oxide-mirror/testing';
import { fakeshopBackend } from './fakeshop-backend';

runSourceContract('FakeshopSource', { createBackend: () => fakeshopBackend() });

runSourceContract('FakeshopSource, one product per page', {
  createBackend: () => fakeshopBackend(1),
});
