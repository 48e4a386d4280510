import { useState } from 'react'
import type { ReactNode } from 'react'

export type CopyState = 'idle' | 'copied' | 'failed'

/** Writes to the clipboard; a page served over plain http to another machine may not have one. */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

export function CopyButton(props: { text: string; label: string }): ReactNode {
  const [state, setState] = useState<CopyState>('idle')
  const copy = async (): Promise<void> => {
    setState((await copyToClipboard(props.text)) ? 'copied' : 'failed')
    setTimeout(() => setState('idle'), 2000)
  }
  return (
    <>
      <button type="button" aria-label={props.label} onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-feedback" role="status">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy failed: select it and copy'
            : ''}
      </span>
    </>
  )
}
