import { EventEmitter } from 'node:events'

export type Listener<T> = (payload: T) => void

/** A small typed facade over EventEmitter: listeners get the payload type of their event. */
export interface TypedEmitter<M extends object> {
  on<K extends keyof M & string>(event: K, listener: Listener<M[K]>): () => void
  emit<K extends keyof M & string>(event: K, payload: M[K]): void
}

export function createTypedEmitter<M extends object>(): TypedEmitter<M> {
  const emitter = new EventEmitter()
  // Every SSE client and window subscribes; the default limit of 10 would print spurious warnings.
  emitter.setMaxListeners(0)
  return {
    on(event, listener) {
      emitter.on(event, listener)
      return () => emitter.off(event, listener)
    },
    emit(event, payload) {
      emitter.emit(event, payload)
    },
  }
}
