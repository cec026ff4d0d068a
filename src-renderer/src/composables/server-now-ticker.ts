/**
 * The server's now for a dialog that takes lock times: re-read every second while it shows, so a
 * "to" that passes while the dialog is open becomes invalid (docs/architecture.md §5.4).
 */
import { onBeforeUnmount, ref } from 'vue'

export function useServerNowTicker(serverNow: () => (() => number) | null | undefined) {
  /** The last reading (ServerTime ms), null when the server's time is unknown. */
  const tick = ref<number | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null
  function read(): number | null {
    const clock = serverNow()
    tick.value = clock ? clock() : null
    return tick.value
  }
  function stop() {
    if (timer !== null) clearInterval(timer)
    timer = null
  }
  /** Reads now and every second until `stop` (or unmount). */
  function start(): number | null {
    stop()
    timer = setInterval(read, 1000)
    return read()
  }
  onBeforeUnmount(stop)
  return { tick, read, start, stop }
}
