import { useEffect, useEffectEvent, useId, useRef } from 'react'
import type { ReactNode } from 'react'

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

export interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
}

/** Keeps Tab inside the dialog, also when the focused button got disabled and focus fell out. */
function trapTab(dialog: HTMLElement, event: KeyboardEvent): void {
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
  const first = controls[0]
  const last = controls[controls.length - 1]
  if (!first || !last) return
  const active = document.activeElement
  if (!dialog.contains(active)) {
    event.preventDefault()
    ;(event.shiftKey ? last : first).focus()
  } else if (event.shiftKey && active === first) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && active === last) {
    event.preventDefault()
    first.focus()
  }
}

/**
 * A modal dialog: focuses its first control, keeps Tab inside, closes on Escape and gives the
 * focus back to whatever opened it. Keys are heard on the document, because a button that turns
 * disabled while busy drops the focus to <body>.
 */
export function Dialog(props: DialogProps): ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const close = useEffectEvent(() => props.onClose())

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const first = ref.current?.querySelector<HTMLElement>(FOCUSABLE)
    ;(first ?? ref.current)?.focus()
    return () => opener?.focus()
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const dialog = ref.current
      const dialogs = document.querySelectorAll('[role="dialog"]')
      // Only the topmost dialog answers.
      if (!dialog || dialogs[dialogs.length - 1] !== dialog) return
      if (event.key === 'Escape') {
        event.preventDefault()
        close()
      } else if (event.key === 'Tab') trapTab(dialog, event)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])

  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={props.className ? `dialog ${props.className}` : 'dialog'}
      >
        <h2 id={titleId} className="dialog-title">
          {props.title}
        </h2>
        {props.children}
      </div>
    </div>
  )
}
