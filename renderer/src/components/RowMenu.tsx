import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'

/** One action of a row's menu: what it says, the accessible name that says on what, and what it does. */
export interface RowMenuItem {
  readonly label: string
  readonly name: string
  readonly danger?: boolean
  readonly onSelect: () => void
}

/**
 * A row's actions behind one "⋯" button, so a row with several actions stays one line. The menu
 * opens below the button (fixed to the window, so a table's rounded clipping cannot cut it), takes
 * focus, moves with the arrow keys, and closes on Escape, on a choice, or on a click elsewhere.
 */
export function RowMenu({ label, items }: { label: string; items: readonly RowMenuItem[] }) {
  const [place, setPlace] = useState<{ top: number; right: number } | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const id = useId()
  const close = (refocus: boolean) => {
    setPlace(null)
    if (refocus) buttonRef.current?.focus()
  }
  useEffect(() => {
    if (!place) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const away = (e: Event) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setPlace(null)
    }
    const gone = () => setPlace(null)
    document.addEventListener('mousedown', away)
    window.addEventListener('resize', gone)
    window.addEventListener('scroll', gone, true)
    return () => {
      document.removeEventListener('mousedown', away)
      window.removeEventListener('resize', gone)
      window.removeEventListener('scroll', gone, true)
    }
  }, [place])
  const open = () => {
    const r = buttonRef.current?.getBoundingClientRect()
    setPlace({ top: (r?.bottom ?? 0) + 4, right: Math.max(8, window.innerWidth - (r?.right ?? 0)) })
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }
    if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault()
      close(e.key === 'Escape')
    } else if (e.key in moves) {
      e.preventDefault()
      all[(moves[e.key]! + all.length) % all.length]?.focus()
    }
  }
  return (
    <span className="row-menu">
      <button
        ref={buttonRef}
        type="button"
        className="row-menu-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={place !== null}
        aria-controls={place ? id : undefined}
        onClick={() => (place ? close(false) : open())}
      >
        ⋯
      </button>
      {place && (
        <div ref={menuRef} id={id} role="menu" aria-label={label} className="row-menu-list" style={{ top: place.top, right: place.right }} onKeyDown={onKeyDown}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={item.name}
              className={item.danger ? 'danger' : undefined}
              onClick={() => {
                close(true)
                item.onSelect()
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </span>
  )
}
