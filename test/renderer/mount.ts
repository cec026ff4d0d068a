/** Mounting helpers: pinia + i18n + naive-ui providers, attached to the document (dialogs teleport). */
import { defineComponent, h, type Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { i18n, setLocale } from '../../src-renderer/src/i18n'

export function mountWithApp(
  component: Component,
  props: Record<string, unknown> = {},
  options: { pinia?: Pinia; locale?: 'en' | 'ru' } = {},
) {
  const pinia = options.pinia ?? createPinia()
  setActivePinia(pinia)
  setLocale(options.locale ?? 'en')
  const Host = defineComponent({
    setup() {
      return () => h(NMessageProvider, () => h(NDialogProvider, () => h(component, props)))
    },
  })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [pinia, i18n] } })
  mounted.push(wrapper)
  return wrapper
}

const mounted: Array<{ unmount(): void }> = []
/** Unmounts everything mounted so far (window listeners of an old app must not linger). */
export function unmountAll() {
  for (const w of mounted.splice(0)) w.unmount()
}

export const flush = () => new Promise((r) => setTimeout(r, 0))

export function q<T extends Element = HTMLElement>(testid: string, root: ParentNode = document): T | null {
  return root.querySelector<T>(`[data-testid="${testid}"]`)
}
export function qa<T extends Element = HTMLElement>(testid: string, root: ParentNode = document): T[] {
  return [...root.querySelectorAll<T>(`[data-testid="${testid}"]`)]
}

/** Types into a naive-ui NInput found by its data-testid. */
export async function typeInto(testid: string, value: string) {
  const el = q(testid)
  const input = (el?.querySelector('input, textarea') ?? el) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await flush()
}

/** Types into a naive-ui NInputNumber and leaves it (the value is committed on blur). */
export async function commitNumber(testid: string, value: string) {
  const input = q(testid)!.querySelector('input')!
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.dispatchEvent(new Event('blur'))
  input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }))
  await flush()
}
