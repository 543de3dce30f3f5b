import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'

/** One action of a row's menu: what it says, the accessible name that says on what, and what it does. */
export interface RowMenuItem {
  readonly label: string
  readonly name: string
  readonly danger?: boolean
  readonly onSelect: () => void
}

/** Where the menu goes: just below its button, right-aligned with it, within the window. */
function placeBelow(button: HTMLElement | null): { top: number; right: number } {
  const r = button?.getBoundingClientRect()
  return { top: (r?.bottom ?? 0) + 4, right: Math.max(8, window.innerWidth - (r?.right ?? 0)) }
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
  const isOpen = place !== null
  useEffect(() => {
    if (!isOpen) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const away = (e: Event) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setPlace(null)
    }
    // The menu follows its button when the page scrolls or the window changes size.
    const follow = () => setPlace(placeBelow(buttonRef.current))
    document.addEventListener('mousedown', away)
    window.addEventListener('resize', follow)
    window.addEventListener('scroll', follow, true)
    return () => {
      document.removeEventListener('mousedown', away)
      window.removeEventListener('resize', follow)
      window.removeEventListener('scroll', follow, true)
    }
  }, [isOpen])
  const open = () => setPlace(placeBelow(buttonRef.current))
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
