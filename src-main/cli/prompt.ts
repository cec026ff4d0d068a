/** A hidden password prompt for a terminal (nothing is echoed; Ctrl+C aborts). */

export class PromptAborted extends Error {}

export function promptHidden(
  question: string,
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question)
    const wasRaw = stdin.isRaw
    stdin.setRawMode?.(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let answer = ''
    const finish = (error?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode?.(wasRaw)
      stdin.pause()
      stderr.write('\n')
      if (error) reject(error)
      else resolve(answer)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish()
        if (ch === '\u0003') return finish(new PromptAborted('cancelled'))
        if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('')
        else if (ch >= ' ') answer += ch
      }
    }
    stdin.on('data', onData)
  })
}
