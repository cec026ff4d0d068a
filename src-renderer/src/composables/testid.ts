import type { HTMLAttributes } from 'vue'

/** Extra attributes for naive-ui option `props` (typed as HTMLAttributes, which lacks data-*). */
export function optionAttrs(testid: string, extra: Record<string, string> = {}): HTMLAttributes {
  return { 'data-testid': testid, ...extra } as HTMLAttributes
}
