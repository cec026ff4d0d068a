/**
 * The notification centre's alerts (issue 19): what main's watch has open and what fired or
 * cleared lately, kept current by 'watch-alert' events. Opening an alert goes to its cluster tab
 * and selects its session. In the web preview, alerts also become browser notifications when the
 * user allowed them, one per burst (alert-burst.ts); the desktop app's toasts come from main (and
 * its window denies the web ones).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { WatchAlert } from '../../../src-shared/watch-contract'
import { byUrgency, worstLevel } from '../../../src-shared/watch-severity'
import { AlertBurst } from '../../../src-shared/alert-burst'
import { watchNotice } from '../../../src-shared/watch-text'
import { api, call } from '../api'
import { currentLocale } from '../i18n'
import { loadJson, saveJson } from './storage'
import { clusterTabId, useTabsStore } from './tabs'
import { useTabData } from './tab-data'

const RECENT = 500
/** The newest alert the centre was opened on: it and all before it are seen, across restarts. */
const SEEN_KEY = 'clusterdesk-alerts-seen'

/** One entry of the latest alerts: an episode fires and clears under the same id. */
const entryKey = (a: WatchAlert) => `${a.id}\n${a.state}\n${a.at}`

export const useAlertsStore = defineStore('alerts', () => {
  const open = shallowRef<WatchAlert[]>([])
  const recent = shallowRef<WatchAlert[]>([])
  const seen = ref(loadJson<string | null>(SEEN_KEY, null))
  /**
   * Alerts fired since the centre was last looked at (the bell's count): the latest are newest
   * first, and main keeps them across a restart, so what fired before an overnight restart counts.
   */
  const unseen = computed(() => {
    let n = 0
    for (const a of recent.value) {
      if (entryKey(a) === seen.value) break
      if (a.state === 'fired') n++
    }
    return n
  })
  const centreOpen = ref(false)
  const level = computed(() => worstLevel(open.value))
  let started = false
  const burst = new AlertBurst(browserNotify)

  function receive(alert: WatchAlert) {
    recent.value = [alert, ...recent.value].slice(0, RECENT)
    const others = open.value.filter((a) => a.id !== alert.id)
    open.value = alert.state === 'fired' ? [alert, ...others].sort(byUrgency) : others
    if (alert.state === 'fired') burst.add(alert)
  }

  /** Asks the browser's permission once per burst: each ask is a synchronous round trip. */
  function browserNotify(alerts: readonly WatchAlert[]) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
    const notice = watchNotice(alerts, currentLocale())
    const n = new Notification(notice.title, {
      body: notice.body,
      tag: notice.alert?.id ?? 'clusterdesk-alerts',
      silent: notice.silent,
    })
    n.onclick = () => {
      window.focus()
      if (notice.alert) void openAlert(notice.alert)
      else showCentre()
    }
  }

  /** Subscribes once: the open alerts now, then every change as it comes. */
  async function start() {
    if (started) return
    started = true
    api().onEvent?.((e) => {
      if (e.type === 'watch-alert') receive(e.alert)
      else if (e.type === 'open-alert') void openAlert(e.alert)
      else if (e.type === 'show-alerts') showCentre()
    })
    const r = await call((a) => a.watchState())
    if (!r.ok) return
    const known = new Set(open.value.map((a) => a.id))
    open.value = [...open.value, ...r.value.current.filter((a) => !known.has(a.id))].sort(byUrgency)
    // Alerts that came as events while this was asked are the newest; main's list follows them.
    const have = new Set(recent.value.map(entryKey))
    recent.value = [...recent.value, ...r.value.recent.filter((a) => !have.has(entryKey(a)))].slice(0, RECENT)
  }

  function showCentre() {
    centreOpen.value = true
    const newest = recent.value[0]
    seen.value = newest ? entryKey(newest) : null
    saveJson(SEEN_KEY, seen.value)
  }

  /** The alert's cluster tab (connecting the profile when no tab is open), its session selected. */
  async function openAlert(alert: WatchAlert): Promise<void> {
    const tabs = useTabsStore()
    const id = clusterTabId(alert.profileId, alert.cluster)
    if (!tabs.tabs.some((t) => t.id === id)) await tabs.openProfile(alert.profileId)
    const tab = tabs.tabs.find((t) => t.id === id)
    if (!tab) return
    tabs.activate(id)
    centreOpen.value = false
    if (alert.subject.session) useTabData(tab).selected = new Set([alert.subject.session])
  }

  /** The web preview: ask the browser once, from a click. */
  async function allowBrowserNotifications(): Promise<NotificationPermission> {
    if (typeof Notification === 'undefined') return 'denied'
    return Notification.requestPermission()
  }

  return { open, recent, unseen, centreOpen, level, start, receive, showCentre, openAlert, allowBrowserNotifications }
})
