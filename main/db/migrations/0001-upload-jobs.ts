import type { Migration } from '../migrate.ts'

/** SCAFFOLD: the owner of this schema step replaces it in this session. */
export const migration0001: Migration = { version: 1, name: '0001-upload-jobs', up: () => {} }
