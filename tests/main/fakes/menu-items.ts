import type { MenuItemConstructorOptions } from 'electron'

export const itemLabelled = (
  template: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions => {
  const item = template.find((candidate) => candidate.label === label)
  if (!item)
    throw new Error(`No menu item "${label}" in ${template.map((i) => i.label).join(', ')}`)
  return item
}

export const submenuOf = (item: MenuItemConstructorOptions): MenuItemConstructorOptions[] =>
  item.submenu as MenuItemConstructorOptions[]

/** Clicks a template item the way Electron would (the arguments are not used by the app). */
export const click = (item: MenuItemConstructorOptions | undefined): void => {
  if (!item?.click) throw new Error(`${item?.label ?? 'The item'} has no click handler`)
  ;(item.click as () => void)()
}
