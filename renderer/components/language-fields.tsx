/** Limits of a track's language fields, as main's IPC schema enforces them (common/ipc/schemas.ts). */
const CODE_MAX = 35
const NAME_MAX = 100

type Props = Readonly<{
  code: string
  name: string
  onCode: (value: string) => void
  onName: (value: string) => void
  /** Example values shown while the fields are empty. */
  placeholders?: Readonly<{ code: string; name: string }>
}>

/** The language code + language name pair of a track, used when adding and when editing one. */
export function LanguageFields({ code, name, onCode, onName, placeholders }: Props) {
  return (
    <>
      <label>
        Language code
        <input
          value={code}
          onChange={(e) => onCode(e.target.value)}
          required
          maxLength={CODE_MAX}
          placeholder={placeholders?.code}
        />
      </label>
      <label>
        Language name
        <input
          value={name}
          onChange={(e) => onName(e.target.value)}
          required
          maxLength={NAME_MAX}
          placeholder={placeholders?.name}
        />
      </label>
    </>
  )
}
