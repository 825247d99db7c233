import { redact } from '../logging/redact.ts'

/** Longest piece of server-supplied text kept in an error (a message, a description, a field message). */
export const SERVER_TEXT_MAX = 300

/* eslint-disable no-control-regex -- stripping control characters is the point */
/** ANSI/VT escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) and two-character escapes. */
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g
/** Every other control character (C0, DEL and C1), tabs and line breaks included: errors are one line. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g
/* eslint-enable no-control-regex */
/** Script and style elements, content and all: what they hold is code, not wording. */
const CODE_ELEMENTS = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi
/** Any other tag, comment or doctype; an unclosed `<` to the end. */
const TAGS = /<!--[\s\S]*?(?:-->|$)|<[^>]*(?:>|$)/g
/** Bidirectional overrides and zero-width characters that make text read other than it is. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g

/**
 * Server-supplied text made fit for an error message (issue 13): a hostile or broken server must not be
 * able to fill a terminal, steer it with escape sequences, or put markup in front of the user. Escapes,
 * control characters and markup are removed, `<` and `>` left over are dropped, whitespace collapsed,
 * credentials redacted, and the result cut to `max` characters (with an ellipsis). Pure.
 */
export function serverText(raw: string, max = SERVER_TEXT_MAX): string {
  // Bound the work first: a 100,000-character description needs no more than a few times `max` read.
  const head = raw.length > max * 8 ? raw.slice(0, max * 8) : raw
  const plain = head
    .replace(ANSI, '')
    .replace(CODE_ELEMENTS, ' ')
    .replace(TAGS, ' ')
    .replace(/[<>]/g, ' ')
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
  const safe = redact(plain)
  return safe.length > max ? `${safe.slice(0, max - 1).trimEnd()}…` : safe
}
