/** The transition table and its derived sets now live in upload-policy.ts; this keeps the old import path. */
export * from './upload-policy.ts'
