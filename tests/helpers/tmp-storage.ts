export { tmpStorage } from '../../ola/core/tmp-storage.ts';
