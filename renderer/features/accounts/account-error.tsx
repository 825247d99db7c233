import type { AppError } from '../../../common/ipc/result.ts'

/** Why adding or changing an account failed, next to its form (announced: role="alert"). */
export function AccountError({ error }: { error: AppError | null }) {
  if (!error) return null
  return (
    <div className="field-error" role="alert">
      <strong>{error.message}</strong>
      {error.detail && <div>{error.detail}</div>}
      {error.fields?.map((f) => (
        <div key={f.field}>
          {f.field}: {f.message}
        </div>
      ))}
    </div>
  )
}
