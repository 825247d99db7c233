import type { Migration } from '../migrate.ts'

/** SCAFFOLD: the owner of this schema step replaces it in this session. */
export const migration0002: Migration = { version: 2, name: '0002-accounts-settings', up: () => {} }
