import { useId } from 'react'
import type { ReactNode } from 'react'

/** A labelled checkbox row, as every settings toggle looks. */
export function CheckboxField(props: {
  label: string
  checked: boolean
  onChange(checked: boolean): void
  disabled?: boolean
}): ReactNode {
  const id = useId()
  return (
    <div className="field-row checkbox-row">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  )
}
