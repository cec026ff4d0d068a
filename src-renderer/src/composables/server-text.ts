/**
 * Server messages are shown as the server sent them, line breaks included ("Ошибка …\nПодробно …"):
 * elements that show them keep "\n" with `white-space: pre-line`. Toasts take their content as a
 * render function for that (naive-ui renders a plain string content on one line).
 */
import { h, type VNodeChild } from 'vue'

/** The style of any element that shows a server's text. */
export const SERVER_TEXT_STYLE = { whiteSpace: 'pre-line' } as const

/** Toast content showing `text` with its line breaks kept. */
export function serverTextContent(text: string): () => VNodeChild {
  return () => h('span', { class: 'cd-server-text', style: SERVER_TEXT_STYLE, 'data-testid': 'server-text' }, text)
}
