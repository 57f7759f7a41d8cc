import { runSourceContract } from '@oxide-mirror/testing';
import { httpContractBackend } from './contract-backend';

runSourceContract('HttpSource', {
  createBackend: () => httpContractBackend({ pageSize: 3, seek: false }),
});

// Each seek page starts at the inclusive bound, so it reads the previous page's newest record
// again. With pages of 3, resuming two thirds of a backend then reads as many records as starting
// over would, and the kit's resume check cannot tell the two apart; pages of 10 keep it telling.
runSourceContract('HttpSource, seeking by update time', {
  createBackend: () => httpContractBackend({ pageSize: 10, seek: true }),
});
