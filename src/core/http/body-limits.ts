import type { Request, RequestHandler, Response } from 'express'

/**
 * Body sizes, decided before a byte of the body is read: a client that announces 99 MB gets its
 * 413 at once instead of after uploading it, and a few huge bodies at a time cannot take all the
 * memory (a parsed 100 MB JSON body holds several times that).
 */
const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

/** `64kb`, `100mb` (binary units, as express's body parser reads them) as bytes. */
export function parseByteSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim())
  if (!match?.[1]) throw new Error(`"${size}" is not a size such as 64kb or 100mb`)
  return Math.floor(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1))
}

const declaredLength = (req: Request): number | null => {
  const header = req.headers['content-length']
  if (header === undefined) return null
  const length = Number(header)
  return Number.isSafeInteger(length) && length >= 0 ? length : null
}

/** Ends the exchange after this answer, so the rest of an unwanted body is never read. */
export function closeAfterAnswer(res: Response): void {
  res.setHeader('connection', 'close')
  res.once('finish', () => res.req.socket.destroy())
}

/** A declared `content-length` over the limit is answered at once, with `refuse`. */
export function refuseDeclaredOversize(
  limit: number,
  refuse: (req: Request, res: Response) => void,
): RequestHandler {
  return (req, res, next) => {
    const length = declaredLength(req)
    if (length === null || length <= limit) {
      next()
      return
    }
    closeAfterAnswer(res)
    refuse(req, res)
  }
}

interface Waiter {
  size: number
  go(): void
}

/**
 * At most `budget` bytes of large bodies are being served at once; a request over it waits its turn (up
 * to `maxWaitMs`, then `refuse`). Bodies under `smallBody` never wait: ordinary requests must not
 * queue behind an upload. A chunked body counts as the full limit, its size being unknown.
 */
export function createBodyBudget(options: {
  budget: number
  smallBody: number
  unknownSize: number
  maxWaitMs: number
  refuse: (req: Request, res: Response) => void
}): RequestHandler {
  let inFlight = 0
  const queue: Waiter[] = []
  const release = (size: number): void => {
    inFlight -= size
    while (queue.length > 0) {
      const head = queue[0]
      if (!head || (inFlight > 0 && inFlight + head.size > options.budget)) break
      queue.shift()
      inFlight += head.size
      head.go()
    }
  }
  return (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || declaredLength(req) !== null
    const size = declaredLength(req) ?? (hasBody ? options.unknownSize : 0)
    if (size <= options.smallBody) {
      next()
      return
    }
    let done = false
    const start = (): void => {
      // Held until the answer is done, not only read: the body lives on parsed, translated and
      // re-serialised for Google (several times its size) while the request is served.
      const finish = (): void => {
        if (done) return
        done = true
        release(size)
      }
      res.once('close', finish)
      next()
    }
    if (inFlight === 0 || inFlight + size <= options.budget) {
      inFlight += size
      start()
      return
    }
    const waiter: Waiter = {
      size,
      go: () => {
        clearTimeout(timer)
        start()
      },
    }
    const timer = setTimeout(() => {
      const index = queue.indexOf(waiter)
      if (index !== -1) queue.splice(index, 1)
      closeAfterAnswer(res)
      options.refuse(req, res)
    }, options.maxWaitMs)
    queue.push(waiter)
    res.once('close', () => {
      const index = queue.indexOf(waiter)
      if (index === -1) return
      queue.splice(index, 1)
      clearTimeout(timer)
    })
  }
}
