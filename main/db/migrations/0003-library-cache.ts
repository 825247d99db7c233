import type { Migration } from '../migrate.ts'

/** SCAFFOLD: the owner of this schema step replaces it in this session. */
export const migration0003: Migration = { version: 3, name: '0003-library-cache', up: () => {} }
