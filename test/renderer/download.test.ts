import { afterEach, describe, expect, it, vi } from 'vitest'
import { datedFileName, downloadFile } from '../../src-renderer/src/format/download'

/** Records what the real URL.createObjectURL is given, calling through to it. */
function recordBlobs() {
  const blobs: Blob[] = []
  const real = URL.createObjectURL.bind(URL)
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    blobs.push(b as Blob)
    return real(b)
  })
  return blobs
}

/** The links clicked anywhere in the document, as the browser's download would see them. */
function recordClicks() {
  const clicks: Array<{ href: string; download: string; attached: boolean }> = []
  const onClick = (e: Event) => {
    const a = e.target as HTMLAnchorElement
    clicks.push({ href: a.href, download: a.download, attached: document.body.contains(a) })
    e.preventDefault()
  }
  document.addEventListener('click', onClick, true)
  return { clicks, stop: () => document.removeEventListener('click', onClick, true) }
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('downloadFile', () => {
  it('clicks an attached link named as asked, to a Blob holding the text with its type, and leaves no link behind', async () => {
    const blobs = recordBlobs()
    const { clicks, stop } = recordClicks()
    try {
      downloadFile('a;b\r\n', 'x-2026-01-02.csv', 'text/csv;charset=utf-8')
    } finally {
      stop()
    }
    expect(clicks).toHaveLength(1)
    expect(clicks[0]!.download).toBe('x-2026-01-02.csv')
    expect(clicks[0]!.attached).toBe(true)
    expect(clicks[0]!.href.startsWith('blob:')).toBe(true)
    expect(blobs).toHaveLength(1)
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8')
    expect(await blobs[0]!.text()).toBe('a;b\r\n')
    expect(document.querySelectorAll('a[download]')).toHaveLength(0)
  })

  it('passes a Blob through unchanged and revokes its URL only after the browser has had time to read it', () => {
    vi.useFakeTimers()
    const blobs = recordBlobs()
    const revoke = vi.spyOn(URL, 'revokeObjectURL')
    const { stop } = recordClicks()
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'application/octet-stream' })
    try {
      downloadFile(blob, 'a.xlsx')
    } finally {
      stop()
    }
    expect(blobs[0]).toBe(blob)
    vi.advanceTimersByTime(59_000)
    expect(revoke).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1_000)
    expect(revoke).toHaveBeenCalledTimes(1)
  })
})

describe('datedFileName', () => {
  it('puts the UTC day between the base and the extension', () => {
    expect(datedFileName('clusterdesk-audit', 'csv', new Date('2026-11-25T23:30:00Z'))).toBe(
      'clusterdesk-audit-2026-11-25.csv',
    )
    expect(datedFileName('clusterdesk-profiles', 'json', new Date('2026-01-02T00:00:00+03:00'))).toBe(
      'clusterdesk-profiles-2026-01-01.json',
    )
  })
})
