import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import DialogCard from '../../src-renderer/src/components/shell/DialogCard.vue'
import { useUiStore } from '../../src-renderer/src/stores/ui'
import { flush, mountWithApp, q, unmountAll } from './mount'

afterEach(() => {
  unmountAll()
  document.body.innerHTML = ''
})

/** A dialog as the app writes one: v-model:show on the card, actions in the footer. */
function mountDialog(props: { locked?: boolean; light?: boolean } = {}) {
  const show = ref(true)
  const Dialog = defineComponent(
    () => () =>
      h(
        DialogCard,
        {
          show: show.value,
          'onUpdate:show': (v: boolean) => (show.value = v),
          title: 'Заголовок',
          'data-testid': 'the-dialog',
          ...props,
        },
        {
          default: () => h('p', 'body'),
          'footer-start': () => h('button', { 'data-testid': 'left' }, 'test'),
          footer: () => [h('button', { 'data-testid': 'cancel' }, 'no'), h('button', { 'data-testid': 'ok' }, 'yes')],
        },
      ),
  )
  mountWithApp(Dialog)
  return show
}

const pressEsc = () =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))

describe('DialogCard', () => {
  it('counts as an open dialog while it shows (auto-refresh pauses) and stops counting when closed', async () => {
    const show = mountDialog()
    await flush()
    const ui = useUiStore()
    expect(ui.dialogOpen).toBe(true)
    expect(q('the-dialog')!.textContent).toContain('Заголовок')
    show.value = false
    await flush()
    expect(ui.dialogOpen).toBe(false)
  })

  it('is a modal dialog named by its title, a level-2 heading; the close button closes it', async () => {
    const show = mountDialog()
    await flush()
    const card = q('the-dialog')!
    expect(card.getAttribute('role')).toBe('dialog')
    expect(card.getAttribute('aria-modal')).toBe('true')
    const heading = document.getElementById(card.getAttribute('aria-labelledby')!)!
    expect(heading.tagName).toBe('H2')
    expect(heading.textContent).toBe('Заголовок')
    expect(card.querySelector('[role="heading"]:not([aria-level])')).toBeNull()
    card.querySelector<HTMLElement>('[data-testid="dialog-close"]')!.click()
    await flush()
    expect(show.value).toBe(false)
  })

  it('puts footer-start on the left and the actions, in order, on the right', async () => {
    mountDialog()
    await flush()
    const footer = q('the-dialog')!.querySelector('.cd-dialog-footer')!
    const [left, right] = [...footer.children]
    expect(left!.querySelector('[data-testid="left"]')).not.toBeNull()
    expect([...right!.querySelectorAll('button')].map((b) => b.dataset.testid)).toEqual(['cancel', 'ok'])
  })

  it('Esc closes it; a locked one has no close button and stays on Esc', async () => {
    const open = mountDialog()
    await flush()
    expect(q('the-dialog')!.querySelector('[data-testid="dialog-close"]')!.getAttribute('aria-label')).toBe('Close')
    pressEsc()
    await flush()
    expect(open.value).toBe(false)
    unmountAll()

    const locked = mountDialog({ locked: true })
    await flush()
    expect(q('the-dialog')!.querySelector('[data-testid="dialog-close"]')).toBeNull()
    pressEsc()
    await flush()
    expect(locked.value).toBe(true)
  })
})
