/**
 * vue-i18n set-up with typed keys: `I18nKey` is every dotted path of the English schema, so
 * `t('toolbar.serch')` fails vue-tsc. Components call `useT()` instead of vue-i18n's untyped `t`.
 */
import { computed, watch } from 'vue'
import { createI18n } from 'vue-i18n'
import { dateEnUS, dateRuRU, enUS, ruRU } from 'naive-ui'
import type { ErrorCode } from '../../../src-shared/contract'
import { en } from './en'
import { ru } from './ru'
import { formatCount, type UiLocale } from '../format/units'

export type MessageSchema = typeof en

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? Join<P, K> : Paths<T[K], Join<P, K>>
}[keyof T & string]
export type I18nKey = Paths<MessageSchema>

export const LOCALES: readonly UiLocale[] = ['ru', 'en']
const STORAGE_KEY = 'clusterdesk.locale'

export function detectLocale(): UiLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'ru' || saved === 'en') return saved
  } catch {
    /* storage unavailable: fall through to the OS language */
  }
  const lang = typeof navigator !== 'undefined' ? navigator.language : 'en'
  return /^ru/i.test(lang) ? 'ru' : 'en'
}

/**
 * Which form of a message with plural forms ('1 session | {count} sessions') a count takes, by
 * the language's CLDR rule: English one | other; Russian one | few | many (1, 21 сеанс; 2–4, 22
 * сеанса; 5–20, 11–14 сеансов). A message of two forms in Russian is one | the rest (из 1 сеанса,
 * из 5 сеансов).
 */
export function pluralForm(locale: UiLocale, count: number, forms: number): number {
  if (forms < 2) return 0
  const rule = PLURAL_RULES[locale].select(Math.abs(count))
  if (rule === 'one') return 0
  return forms < 3 || rule === 'few' || rule === 'other' ? 1 : 2
}
const PLURAL_RULES: Record<UiLocale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  ru: new Intl.PluralRules('ru'),
}

export const i18n = createI18n<[MessageSchema], UiLocale, false>({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: 'en',
  messages: { en, ru },
  pluralRules: {
    en: (count: number, forms: number) => pluralForm('en', count, forms),
    ru: (count: number, forms: number) => pluralForm('ru', count, forms),
  },
  missingWarn: false,
  fallbackWarn: false,
})

// The desktop app's menu and its prompts follow the UI language: reported at start and on every
// switch (the web preview ignores it; tests without window.api skip it).
watch(
  () => i18n.global.locale.value as UiLocale,
  (locale) => {
    const api = typeof window === 'undefined' ? undefined : window.api
    if (typeof api?.setUiLanguage === 'function') void api.setUiLanguage(locale).catch(() => undefined)
  },
  { immediate: true },
)

export function currentLocale(): UiLocale {
  return i18n.global.locale.value as UiLocale
}

export function setLocale(locale: UiLocale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* not persisted */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

type Named = Record<string, string | number>

/** Typed translate. Usable outside components too (column factories, stores). */
export function t(key: I18nKey, named?: Named): string {
  return named ? i18n.global.t(key, named) : i18n.global.t(key)
}

/**
 * Typed translate of a message with plural forms, the form chosen by `count` (pluralForm). The
 * message's `{count}` is the count formatted for the language shown ("10,000", "10 000").
 */
export function tn(key: I18nKey, count: number, named: Named = {}): string {
  return i18n.global.t(key, { count: formatCount(count, currentLocale()), ...named }, count)
}

export function useT() {
  const locale = computed<UiLocale>(() => i18n.global.locale.value as UiLocale)
  return { t, tn, locale }
}

export function errorKey(code: ErrorCode): I18nKey {
  return `errors.${code}`
}

export const naiveLocales = {
  en: { locale: enUS, dateLocale: dateEnUS },
  ru: { locale: ruRU, dateLocale: dateRuRU },
} as const

/**
 * "A translated sentence per error code + the server's own message". The server's text is kept as
 * sent, line breaks included: whatever shows it sets `white-space: pre-line` (toasts through
 * composables/server-text.ts).
 */
export function errorText(e: { code: ErrorCode; serverMessage?: string; message?: string }): string {
  const base = t(errorKey(e.code))
  if (e.serverMessage) return `${base} ${t('errors.serverSays', { message: e.serverMessage })}`
  // No server text: for our own failures the English detail is all there is to go on.
  if (e.message && (e.code === 'INTERNAL' || e.code === 'PROTOCOL' || e.code === 'INVALID_ARGUMENT'))
    return `${base} (${e.message})`
  return base
}
