import { useEffect, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useSpool } from '../../store/index.ts'
import { MediaRow } from './media-row.tsx'

const ROW_HEIGHT = 72

/** The virtualised library list; scrolling near its end asks for the next page. */
export function MediaList() {
  const items = useSpool((s) => s.library.items)
  const total = useSpool((s) => s.library.total)
  const selected = useSpool((s) => s.library.selected)
  const more = useSpool((s) => s.libraryMoreRequested)
  const toggleAll = useSpool((s) => s.mediaSelectionAllToggled)
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the chosen list library.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 960, height: 640 },
  })
  const virtualItems = virtualizer.getVirtualItems()
  const last = virtualItems[virtualItems.length - 1]?.index ?? 0
  useEffect(() => {
    if (items.length > 0 && last >= items.length - 20 && items.length < total) void more()
  }, [last, items.length, total, more])
  const allSelected = items.length > 0 && items.every((m) => selected[m.id])
  return (
    <div className="queue" role="table" aria-label="Library" aria-rowcount={total + 1}>
      <div role="rowgroup">
        <div className="media-row head" role="row" aria-rowindex={1}>
          <div role="columnheader">
            <input type="checkbox" aria-label="Select all shown" checked={allSelected} onChange={toggleAll} />
          </div>
          <div role="columnheader">
            <span className="visually-hidden">Thumbnail</span>
          </div>
          <div role="columnheader">Title</div>
          <div role="columnheader">Folder</div>
          <div role="columnheader">Status</div>
          <div role="columnheader">Duration</div>
          <div role="columnheader">Created</div>
        </div>
      </div>
      {/* The scroll box is the rows' group; wrappers between it and the rows are presentation only (axe:
          aria-required-children), and it takes focus so the list scrolls from the keyboard. */}
      <div className="queue-scroll" ref={scrollRef} role="rowgroup" aria-label="Media" tabIndex={0}>
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const m = items[v.index]
            if (!m) return null
            return (
              <div
                key={m.id}
                className="virtual-row"
                role="presentation"
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
              >
                <MediaRow media={m} selected={selected[m.id] === true} rowIndex={v.index + 2} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
