/**
 * The state of one terminate confirmation under the friction rule (format/terminate-friction.ts):
 * the typed count, the armed second click, and whether a press confirms. Used by
 * TerminateConfirm (dialogs) and the runbook's terminate buttons; TerminateFriction shows it.
 */
import { computed, ref, useId, watch } from 'vue'
import type { ProtectionLevel } from '../../../src-shared/contract'
import { terminateFriction, typedCountMatches, type TerminateScale } from '../format/terminate-friction'

/** What every terminate confirmation is given (dialogs and runbook buttons alike). */
export interface TerminateGateProps {
  protection: ProtectionLevel
  count: number
  /** Every session in scope rather than a listed set: the count must be typed. */
  all?: boolean
  busy?: boolean
}

export function useTerminateGate(scale: () => TerminateScale & { busy?: boolean }) {
  const friction = computed(() => terminateFriction(scale()))
  const typed = ref('')
  const armed = ref(false)
  // Another set of sessions (or profile) needs its own confirmation.
  watch(
    () => {
      const s = scale()
      return `${s.protection}/${s.count}/${s.all}`
    },
    () => {
      typed.value = ''
      armed.value = false
    },
  )

  const satisfied = computed(() => {
    const f = friction.value
    if (f.kind === 'refused') return false
    return f.kind !== 'type-count' || typedCountMatches(typed.value, scale().count)
  })

  /** True when this press confirms; the first press of a second-click confirmation only arms. */
  function press(): boolean {
    if (!satisfied.value) return false
    if (friction.value.kind === 'second-click' && !armed.value) {
      armed.value = true
      return false
    }
    return true
  }

  const id = useId()
  const ids = { input: `cd-typed-${id}`, hint: `cd-typed-${id}-hint` }
  return {
    friction,
    /** The caller's busy state: the button spins and the typed count is disabled meanwhile. */
    busy: computed(() => scale().busy === true),
    typed,
    armed,
    satisfied,
    press,
    /** For the typed count's label and the button's description. */
    ids,
    /** The button is described by the friction's ask, unless a plain click is all it asks. */
    describedBy: computed(() =>
      friction.value.kind === 'confirm' || friction.value.kind === 'confirm-count' ? undefined : ids.hint,
    ),
    refusedFor: (reason: 'read-only' | 'nothing') =>
      friction.value.kind === 'refused' && friction.value.reason === reason,
  }
}

export type TerminateGate = ReturnType<typeof useTerminateGate>
