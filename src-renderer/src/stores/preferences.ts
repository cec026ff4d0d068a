/** Per-user view preferences kept in localStorage: zoom, the session grid's column layout and density, the lock warning template. */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { loadJson, saveJson } from './storage'

export interface ColumnLayout {
  /** Column group ids in display order (visible and hidden). */
  order: string[]
  /** Visible column group ids. */
  visible: string[]
  /** Leaf column key → width in px. */
  widths: Record<string, number>
  /** Column ids kept at the left while scrolling (identity: user, infobase, session number). Older saved layouts lack it. */
  pinned?: string[]
}

/** Row height and padding of the session grid: compact fits the counters next to the user on a laptop. */
export type GridDensity = 'comfortable' | 'compact'

const ZOOM_KEY = 'clusterdesk.zoom'
const COLUMNS_KEY = 'clusterdesk.columns'
const DENSITY_KEY = 'clusterdesk.density'
const LOCK_TEMPLATE_KEY = 'clusterdesk.lockTemplate'
export const ZOOM_STEPS = [0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5] as const

export const usePreferencesStore = defineStore('preferences', () => {
  const zoom = ref<number>(loadJson(ZOOM_KEY, 1))
  if (!ZOOM_STEPS.includes(zoom.value as (typeof ZOOM_STEPS)[number])) zoom.value = 1
  const columns = ref<ColumnLayout | null>(loadJson<ColumnLayout | null>(COLUMNS_KEY, null))
  const density = ref<GridDensity>(
    loadJson<GridDensity>(DENSITY_KEY, 'comfortable') === 'compact' ? 'compact' : 'comfortable',
  )

  /** The admin's lock warning template ({from}, {to}); null: the UI language's default. */
  const lockTemplate = ref<string | null>(loadJson<string | null>(LOCK_TEMPLATE_KEY, null))
  if (typeof lockTemplate.value !== 'string') lockTemplate.value = null

  function zoomBy(dir: 1 | -1) {
    const i = ZOOM_STEPS.indexOf(zoom.value as (typeof ZOOM_STEPS)[number])
    const next = ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, (i < 0 ? 3 : i) + dir))]
    if (next !== undefined) zoom.value = next
  }
  function zoomReset() {
    zoom.value = 1
  }
  function setColumns(layout: ColumnLayout | null) {
    columns.value = layout
  }

  function setDensity(d: GridDensity) {
    density.value = d
  }

  watch(zoom, (z) => saveJson(ZOOM_KEY, z))
  watch(density, (d) => saveJson(DENSITY_KEY, d))
  watch(columns, (c) => saveJson(COLUMNS_KEY, c), { deep: true })
  watch(lockTemplate, (v) => saveJson(LOCK_TEMPLATE_KEY, v))

  return { zoom, columns, density, lockTemplate, zoomBy, zoomReset, setColumns, setDensity }
})
