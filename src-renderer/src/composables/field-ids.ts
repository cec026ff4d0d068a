/**
 * The ids that tie a form label to its control, so that looking a field up by its label (a screen
 * reader, a test) finds it. naive-ui renders both the label and the input, so the ties go through
 * its props: NFormItem's `label-props`, NInput's / NInputNumber's `input-props`. A control without
 * an input element of its own (NSelect, NDatePicker, a radio group) is named by `aria-labelledby`.
 */
import { useId } from 'vue'

export interface FieldIds {
  /** NFormItem's label-props for a text input: the label names the input (`for`). */
  inputLabel: { id: string; for: string }
  /** NInput's / NInputNumber's input-props. */
  input: { id: string }
  /** NFormItem's label-props for a control named by aria-labelledby. */
  controlLabel: { id: string }
  /** Bound (v-bind) on a control without an input element of its own. */
  control: { 'aria-labelledby': string }
}

export function useFieldIds(): FieldIds {
  const id = useId()
  const labelId = `cd-label-${id}`
  const inputId = `cd-input-${id}`
  return {
    inputLabel: { id: labelId, for: inputId },
    input: { id: inputId },
    controlLabel: { id: labelId },
    control: { 'aria-labelledby': labelId },
  }
}
